// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import type { FamilyExport } from '../src/api/family-data';
import { Providers } from '../src/app';
import { formatBytes } from '../src/i18n/format';
import { createI18n } from '../src/i18n/index';
import { en } from '../src/i18n/locales/en';
import { FamilyDeletedPage } from '../src/pages/family-deleted';
import { SignInPage } from '../src/pages/parent/auth-pages';
import { FamilyArea } from '../src/pages/parent/family-area';
import { FamilyDataPage } from '../src/pages/parent/family-data';
import { confirmationMatches } from '../src/pages/parent/family-delete';
import { FamilyExports } from '../src/pages/parent/family-export';
import { useSession } from '../src/state/session';
import { type FakeClient, fakeClient, renderWith } from './helpers';

const EMAIL = 'Parent@Example.com';
const PASSWORD = 'Hachimitsu-garden-2030!';
const POLL = 20;

const fail = (code: string, message = code) => {
  throw new GraphQLRequestError([{ message, extensions: { code } }]);
};

function exportOf(patch: Partial<FamilyExport>): FamilyExport {
  return {
    id: 'fex_1',
    status: 'queued',
    progress: 0,
    step: null,
    createdAt: '2030-01-02T03:04:05.000Z',
    finishedAt: null,
    expiresAt: null,
    sizeBytes: null,
    downloadUrl: null,
    ...patch,
  };
}

const callsOf = (client: FakeClient, field: string) =>
  client.calls.filter((call) => call.query.includes(field));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => {
  useSession.setState({
    status: 'signed-in',
    me: {
      id: 'usr_1',
      role: 'parent',
      email: EMAIL,
      emailVerified: true,
      familyId: 'fam_1',
      childId: null,
      nickname: null,
      locale: 'en',
    },
  });
});

afterEach(() => {
  cleanup();
  useSession.setState({ status: 'unknown', me: null });
});

describe('formatBytes', () => {
  it('uses SI units in the page language', () => {
    expect(formatBytes(820, 'en')).toBe('820 byte');
    expect(formatBytes(12_345, 'en')).toBe('12 kB');
    expect(formatBytes(1_430_000, 'en')).toBe('1.4 MB');
    expect(formatBytes(1_430_000, 'es')).toBe('1,4 MB');
  });
});

describe('exporting the family data', () => {
  it('requests an export, polls its progress and offers the download when ready', async () => {
    let list: FamilyExport[] = [];
    const client = fakeClient({
      familyExports: () => list,
      requestFamilyExport: () => {
        list = [exportOf({})];
        return list[0];
      },
    });
    await renderWith(<FamilyExports pollMs={POLL} />, client, 'en');
    expect(await screen.findByText('No copies yet.')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Prepare a copy to download' }));
    expect(await screen.findByText('Starting soon…')).toBeInTheDocument();
    expect(screen.getByText('Waiting')).toBeInTheDocument();
    const status = screen.getByText(/Preparing a copy of your family's data/);
    expect(status).toHaveAttribute('role', 'status');

    list = [exportOf({ status: 'running', progress: 40, step: 'chat' })];
    const bar = await screen.findByRole('progressbar');
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '40'));
    expect(bar).toHaveAttribute('aria-valuemin', '0');
    expect(bar).toHaveAttribute('aria-valuemax', '100');
    expect(bar).toHaveAccessibleName(/Requested .*40% done · Gathering conversations/);
    expect(screen.getByText('40% done · Gathering conversations')).toBeInTheDocument();

    list = [exportOf({ status: 'running', progress: 90, step: 'packing' })];
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '90'));

    list = [
      exportOf({
        status: 'ready',
        progress: 100,
        finishedAt: '2030-01-02T03:05:00.000Z',
        expiresAt: '2030-01-09T03:05:00.000Z',
        sizeBytes: 1_430_000,
        downloadUrl: '/family-exports/fex_1/download',
      }),
    ];
    const link = await screen.findByRole('link', { name: 'Download (JSON, 1.4 MB)' });
    expect(link).toHaveAttribute('href', '/family-exports/fex_1/download');
    expect(link).toHaveAttribute('download');
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.getByText(/You can download it until/)).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Your copy is ready to download.');

    // Nothing is being built any more: polling has stopped.
    const polls = callsOf(client, 'familyExports').length;
    await sleep(POLL * 6);
    expect(callsOf(client, 'familyExports')).toHaveLength(polls);
  });

  it('stops polling when the page is left', async () => {
    const client = fakeClient({
      familyExports: () => [exportOf({ status: 'running', progress: 10, step: 'account' })],
    });
    const view = await renderWith(<FamilyExports pollMs={POLL} />, client, 'en');
    await waitFor(() => expect(callsOf(client, 'familyExports').length).toBeGreaterThan(2));
    view.unmount();
    const polls = callsOf(client, 'familyExports').length;
    await sleep(POLL * 6);
    expect(callsOf(client, 'familyExports')).toHaveLength(polls);
  });

  it('says in words that an export is already being prepared (CONFLICT) or the daily limit is reached', async () => {
    let answer = 'CONFLICT';
    const client = fakeClient({
      familyExports: () => [],
      requestFamilyExport: () => fail(answer),
    });
    await renderWith(<FamilyExports pollMs={POLL} />, client, 'en');
    const request = await screen.findByRole('button', { name: 'Prepare a copy to download' });
    await waitFor(() => expect(request).toBeEnabled());
    await userEvent.click(request);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'A copy is being prepared right now. Please wait until it is ready.',
    );

    answer = 'RATE_LIMITED';
    await userEvent.click(screen.getByRole('button', { name: 'Prepare a copy to download' }));
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('You can prepare up to 3 copies in 24 hours.'),
    );
  });

  it('explains a failed export kindly and retries it', async () => {
    let list = [exportOf({ status: 'failed', progress: 30 })];
    const client = fakeClient({
      familyExports: () => list,
      requestFamilyExport: () => {
        list = [exportOf({ id: 'fex_2' }), ...list];
        return list[0];
      },
    });
    await renderWith(<FamilyExports pollMs={POLL} />, client, 'ja');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('ご家族のデータは何も変わっていません');
    await userEvent.click(within(alert).getByRole('button', { name: 'もう一度ためす' }));
    expect(await screen.findByText('まもなく始まります…')).toBeInTheDocument();
    expect(callsOf(client, 'requestFamilyExport')).toHaveLength(1);
    expect(screen.getByText('このときの準備は完了できませんでした。')).toBeInTheDocument();
  });

  it('shows an honest empty state when the server has no exports yet', async () => {
    const client = fakeClient({
      familyExports: () =>
        fail('GRAPHQL_VALIDATION_FAILED', 'Cannot query field "familyExports" on type "Query".'),
    });
    await renderWith(<FamilyExports pollMs={POLL} />, client, 'en');
    expect(await screen.findByText(/Downloading your data will be available here soon/)).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});

function dataRoutes() {
  return (
    <Routes>
      <Route path="/" element={<FamilyDataPage pollMs={POLL} />} />
      <Route path="/family-deleted" element={<FamilyDeletedPage />} />
    </Routes>
  );
}

/** The app's own routes around the parent area, entered at its data page. */
async function renderParentArea(client: FakeClient) {
  const i18n = await createI18n('en', { en });
  return render(
    <Providers client={client} i18n={i18n}>
      <MemoryRouter initialEntries={['/family/data']}>
        <Routes>
          <Route path="/family/*" element={<FamilyArea />} />
          <Route path="/family-deleted" element={<FamilyDeletedPage />} />
          <Route path="/login" element={<SignInPage />} />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

describe('deleting the family', () => {
  it('compares the confirmation trimmed and in any case', () => {
    expect(confirmationMatches('  parent@example.COM ', EMAIL)).toBe(true);
    expect(confirmationMatches('parent@example.co', EMAIL)).toBe(false);
    expect(confirmationMatches('', '')).toBe(false);
  });

  it('enables the delete button only once the email address matches', async () => {
    await renderWith(dataRoutes(), fakeClient({ familyExports: () => [] }), 'en');
    const button = await screen.findByRole('button', { name: "Delete my family's data…" });
    expect(button).toBeDisabled();
    const confirm = screen.getByLabelText('Type your email address to confirm');
    expect(confirm).toHaveAccessibleDescription(`This account's email address: ${EMAIL}`);
    await userEvent.type(confirm, 'parent@example.co');
    expect(button).toBeDisabled();
    await userEvent.type(confirm, 'm ');
    expect(button).toBeEnabled();
    expect(
      screen.getByText('This cannot be undone. Every device in your family is signed out at once.'),
    ).toBeVisible();
    expect(screen.getByText(/a record that security events happened/)).toBeVisible();
  });

  it('asks once more, deletes with the password and confirmation, forgets the session and says goodbye', async () => {
    const client = fakeClient({
      familyExports: () => [],
      children: () => [],
      deleteFamily: () => true,
    });
    let resets = 0;
    client.reset = () => {
      resets += 1;
    };
    await renderParentArea(client);
    expect(await screen.findByRole('link', { name: 'Your data' })).toHaveAttribute('aria-current', 'page');
    await userEvent.type(
      await screen.findByLabelText('Type your email address to confirm'),
      ' parent@example.com',
    );
    await userEvent.type(screen.getByLabelText('Password'), PASSWORD);
    await userEvent.click(screen.getByRole('button', { name: "Delete my family's data…" }));

    // The last question takes focus; nothing is deleted yet.
    const question = screen.getByRole('heading', { name: 'Delete everything now?' });
    expect(question).toHaveFocus();
    expect(screen.getByText(new RegExp(`family data for ${EMAIL} will be deleted`))).toBeInTheDocument();
    expect(callsOf(client, 'deleteFamily')).toHaveLength(0);

    // Cancel returns to the form with focus on the button that opened the question.
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('button', { name: "Delete my family's data…" })).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: "Delete my family's data…" }));
    await userEvent.click(screen.getByRole('button', { name: 'Yes, delete everything' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: "Your family's data has been deleted" }),
    ).toBeInTheDocument();
    expect(callsOf(client, 'deleteFamily').map((call) => call.variables)).toEqual([
      { password: PASSWORD, confirmation: 'parent@example.com' },
    ]);
    await waitFor(() => expect(useSession.getState()).toMatchObject({ status: 'anonymous', me: null }));
    expect(resets).toBe(1);
    // Not sent to sign-in: the parent area let go of the page before the session was forgotten.
    await sleep(50);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(
      "Your family's data has been deleted",
    );
    expect(screen.queryByRole('heading', { name: 'Sign in' })).not.toBeInTheDocument();
  });

  it('keeps the form and says so when the password is wrong', async () => {
    const client = fakeClient({
      familyExports: () => [],
      deleteFamily: () => fail('UNAUTHENTICATED'),
    });
    await renderWith(dataRoutes(), client, 'en');
    const confirm = await screen.findByLabelText('Type your email address to confirm');
    await userEvent.type(confirm, EMAIL);
    await userEvent.type(screen.getByLabelText('Password'), 'not-the-password');
    await userEvent.click(screen.getByRole('button', { name: "Delete my family's data…" }));
    await userEvent.click(screen.getByRole('button', { name: 'Yes, delete everything' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The password is not right. Nothing was deleted.',
    );
    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password).toHaveFocus());
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveValue('');
    expect(confirm).toHaveValue(EMAIL);
    expect(screen.getByRole('button', { name: "Delete my family's data…" })).toBeEnabled();
    expect(screen.queryByRole('heading', { name: 'Delete everything now?' })).not.toBeInTheDocument();
    expect(useSession.getState().status).toBe('signed-in');
  });

  it('asks for the password before the last question', async () => {
    const client = fakeClient({ familyExports: () => [] });
    await renderWith(dataRoutes(), client, 'ja');
    await userEvent.type(await screen.findByLabelText('確認のため、メールアドレスを入力してください'), EMAIL);
    await act(async () => {
      await userEvent.click(screen.getByRole('button', { name: 'ご家族のデータを削除する…' }));
    });
    expect(screen.getByLabelText('パスワード')).toHaveAccessibleDescription('パスワードを入力してください。');
    expect(screen.getByLabelText('パスワード')).toHaveFocus();
    expect(screen.queryByRole('heading', { name: '本当にすべて削除しますか？' })).not.toBeInTheDocument();
  });
});
