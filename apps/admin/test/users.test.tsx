// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import type { AccountDetail, DirectoryEntry } from '../src/api/types';
import { AccountPage } from '../src/pages/users/account';
import { entryHref, UsersSearchPage } from '../src/pages/users/search';
import { useSession } from '../src/state/session';
import { fakeClient, renderWith } from './helpers';

afterEach(cleanup);

const signInAs = (roles: string[]) =>
  useSession.getState().setMe({
    id: 'usr_me',
    role: roles[0] ?? 'support',
    email: 'me@manabee.test',
    operatorRoles: roles,
    mfaVerified: true,
    locale: 'en',
  });

function entry(overrides: Partial<DirectoryEntry>): DirectoryEntry {
  return {
    kind: 'parent',
    id: 'usr_1',
    label: 'hanako@example.jp',
    accountId: 'usr_1',
    familyId: 'fam_1',
    orgId: null,
    context: null,
    emailVerified: true,
    blocked: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function account(overrides: Partial<AccountDetail> = {}): AccountDetail {
  return {
    id: 'usr_1',
    kind: 'parent',
    email: 'hanako@example.jp',
    emailVerified: false,
    blocked: false,
    blockedReason: null,
    locale: 'ja',
    timeZone: 'Asia/Tokyo',
    createdAt: '2026-01-01T00:00:00.000Z',
    passwordChangedAt: '2026-01-01T00:00:00.000Z',
    totpEnrolled: false,
    operatorRoles: [],
    family: {
      id: 'fam_1',
      timeZone: 'Asia/Tokyo',
      createdAt: '2026-01-01T00:00:00.000Z',
      hasFamilyCode: true,
      children: [
        {
          id: 'chd_1',
          nickname: 'Sakura',
          grade: 3,
          language: 'ja',
          paused: false,
          consent: 'valid',
          createdAt: '2026-01-02T00:00:00.000Z',
        },
      ],
    },
    organization: null,
    sessions: [
      {
        id: 'ses_1',
        createdAt: '2026-01-03T00:00:00.000Z',
        lastSeenAt: '2026-01-03T00:10:00.000Z',
        expiresAt: '2026-01-03T12:00:00.000Z',
        ip: '203.0.113.9',
        userAgent: 'Firefox',
        current: false,
      },
    ],
    childDeviceSessions: 1,
    lastVerificationSentAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

describe('user directory', () => {
  it('links accounts to their page, children to their guardian, organizations to theirs', () => {
    expect(entryHref(entry({}))).toBe('/users/accounts/usr_1');
    expect(entryHref(entry({ kind: 'child', id: 'chd_1', accountId: 'usr_1' }))).toBe(
      '/users/accounts/usr_1#child-chd_1',
    );
    expect(entryHref(entry({ kind: 'organization', id: 'org_1', accountId: null }))).toBe(
      '/users/organizations/org_1',
    );
  });

  it('searches, shows each kind in words, and refuses a one-letter query without asking the server', async () => {
    signInAs(['support']);
    const client = fakeClient({
      searchDirectory: () => [
        entry({ emailVerified: false }),
        entry({
          kind: 'child',
          id: 'chd_1',
          label: 'Sakura',
          context: 'hanako@example.jp',
          emailVerified: null,
        }),
        entry({ kind: 'organization', id: 'org_1', label: 'Sakura ES', accountId: null, blocked: null }),
      ],
    });
    await renderWith(<UsersSearchPage />, client);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Email, nickname, school or ID'), 'S');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('Enter at least 2 characters.')).toBeTruthy();
    expect(client.callsOf('searchDirectory')).toEqual([]);

    await user.type(screen.getByLabelText('Email, nickname, school or ID'), 'akura');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    const table = await screen.findByTestId('directory-results');
    expect(client.callsOf('searchDirectory')).toEqual([{ q: 'Sakura' }]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringContaining('Parent—Email not verified'),
      expect.stringContaining('Childhanako@example.jp'),
      expect.stringContaining('Organization'),
    ]);
    expect(within(rows[1]!).getByRole('link', { name: 'Sakura' }).getAttribute('href')).toBe(
      '/users/accounts/usr_1#child-chd_1',
    );
  });
});

describe('account page', () => {
  const route = { path: '/users/accounts/:id', at: '/users/accounts/usr_1' };

  it('shows the family, children and sessions; support may resend and revoke but not block', async () => {
    signInAs(['support']);
    let current = account();
    const client = fakeClient({
      account: ({ id }) => {
        expect(id).toBe('usr_1');
        return current;
      },
      resendVerificationEmail: () => '2026-01-05T00:00:00.000Z',
      revokeUserSessions: ({ d }) => {
        current = { ...current, sessions: [], childDeviceSessions: d ? 0 : 1 };
        return { sessions: 1, devices: d ? 1 : 0 };
      },
    });
    await renderWith(<AccountPage />, client, 'en', route);
    expect((await screen.findByTestId('account-email')).textContent).toBe('hanako@example.jp');
    const children = screen.getByTestId('family-children');
    expect(within(children).getByRole('rowheader', { name: 'Sakura' })).toBeTruthy();
    expect(children.textContent).toContain('Given');
    expect(screen.getByTestId('account-sessions').textContent).toContain('Firefox');
    expect(screen.queryByRole('button', { name: 'Block account' })).toBeNull();
    expect(screen.getByText('Only admins can block or unblock accounts.')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Audit log for this account' })).toBeNull();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Resend verification email' }));
    await waitFor(() =>
      expect(screen.getByTestId('account-status').textContent).toContain('hanako@example.jp'),
    );
    expect(client.callsOf('resendVerificationEmail')).toEqual([{ u: 'usr_1' }]);

    await user.click(screen.getByLabelText("Also sign out the children's devices this parent set up"));
    await user.click(screen.getByRole('button', { name: 'End all sessions' }));
    await waitFor(() =>
      expect(screen.getByTestId('account-status').textContent).toBe(
        'Ended 1 session(s) and 1 child device(s).',
      ),
    );
    expect(client.callsOf('revokeUserSessions')).toEqual([{ u: 'usr_1', d: true }]);
    expect(await screen.findByTestId('no-sessions')).toBeTruthy();
  });

  it('shows a refusal in words (rate limit) and an admin gets block and the audit trail', async () => {
    signInAs(['admin']);
    const client = fakeClient({
      account: () => account(),
      resendVerificationEmail: () => {
        throw new GraphQLRequestError([{ message: 'wait a minute', extensions: { code: 'RATE_LIMITED' } }]);
      },
    });
    await renderWith(<AccountPage />, client, 'en', route);
    await screen.findByTestId('account-email');
    expect(screen.getByRole('button', { name: 'Block account' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Audit log for this account' }).getAttribute('href')).toBe(
      '/audit?resourceId=usr_1',
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Resend verification email' }));
    await waitFor(() =>
      expect(screen.getByTestId('account-status').textContent).toBe(
        'Too many attempts. Please wait a moment and try again.',
      ),
    );
  });

  it('an unknown or forbidden account reads as not found', async () => {
    signInAs(['support']);
    const client = fakeClient({
      account: () => {
        throw new GraphQLRequestError([{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }]);
      },
    });
    await renderWith(<AccountPage />, client, 'en', route);
    expect(await screen.findByText(/Not found\./)).toBeTruthy();
  });
});
