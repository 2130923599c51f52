// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import { AccountSettingsCard } from '../src/pages/parent/account-settings';
import { fakeClient, renderWith } from './helpers';

afterEach(cleanup);

describe('email and notification settings', () => {
  it("shows the account's language and zone and saves what the parent picks", async () => {
    const client = fakeClient({
      me: () => ({ locale: 'ja', timeZone: 'Asia/Tokyo' }),
      updateAccountSettings: ({ l, z }) => ({ locale: l, timeZone: z }),
    });
    await renderWith(<AccountSettingsCard />, client, 'en');
    const language = await screen.findByLabelText('Language of emails and notifications');
    expect(language).toHaveValue('ja');
    expect(screen.getByLabelText('Time zone')).toHaveValue('Asia/Tokyo');

    const user = userEvent.setup();
    await user.selectOptions(language, 'en');
    await user.selectOptions(screen.getByLabelText('Time zone'), 'America/New_York');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('Saved. New emails and notifications use these settings.'),
    ).toBeInTheDocument();
    const saved = client.calls.find((call) => call.query.includes('updateAccountSettings'));
    expect(saved?.variables).toEqual({ l: 'en', z: 'America/New_York' });
  });

  it('shows a refusal in words and keeps the choice', async () => {
    const client = fakeClient({
      me: () => ({ locale: 'en', timeZone: 'Europe/Madrid' }),
      updateAccountSettings: () => {
        throw new GraphQLRequestError([
          { message: 'unknown time zone', extensions: { code: 'VALIDATION_FAILED' } },
        ]);
      },
    });
    await renderWith(<AccountSettingsCard />, client, 'en');
    const language = await screen.findByLabelText('Language of emails and notifications');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('alert')).toBeInTheDocument());
    expect(language).toHaveValue('en');
  });
});
