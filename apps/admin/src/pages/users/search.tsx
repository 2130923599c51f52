import { Button, Notice, TextField } from '@manabee/ui';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../access';
import { useClient } from '../api/context';
import { blockAccount, searchUsers, unblockAccount } from '../api/operations';
import type { UserSummary } from '../api/types';
import { useErrorText } from '../components/errors';
import { formatTime } from '../components/format';
import { useSession } from '../state/session';

/**
 * Search accounts (parents, teachers, operators; children have no account of
 * their own and are reached through their family). Blocking is for admins.
 */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const session = useSession((s) => s.session);
  const mayBlock = session.status === 'signed-in' && can(session.me, 'users.block');
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<UserSummary[] | null>(null);
  const [chosen, setChosen] = useState<UserSummary | null>(null);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${t('users.title')} · ${t('common.appName')}`;
  }, [t]);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    if (!query.trim()) return;
    setBusy(true);
    setMessage(null);
    try {
      setResults(await searchUsers(client, query.trim()));
      setChosen(null);
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const change = async (work: () => Promise<UserSummary>, done: string) => {
    setBusy(true);
    try {
      const updated = await work();
      setChosen(updated);
      setResults((rows) => rows?.map((row) => (row.id === updated.id ? updated : row)) ?? null);
      setReason('');
      setMessage({ tone: 'success', text: done });
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="admin-page">
      <h1>{t('users.title')}</h1>
      <search>
        <form onSubmit={search} className="mb-row admin-filters">
          <TextField
            label={t('users.query')}
            hint={t('users.queryHint')}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <Button type="submit" disabled={busy}>
            {t('common.search')}
          </Button>
        </form>
      </search>
      <div aria-live="polite">
        {message ? (
          <Notice tone={message.tone} data-testid="users-status">
            {message.text}
          </Notice>
        ) : null}
      </div>
      {results ? (
        results.length === 0 ? (
          <p>{t('users.none')}</p>
        ) : (
          <table className="admin-table">
            <caption className="admin-caption">{t('users.results', { count: results.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.email')}</th>
                <th scope="col">{t('users.kind')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('users.created')}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((user) => (
                <tr key={user.id} data-active={chosen?.id === user.id ? 'true' : undefined}>
                  <td>
                    <button type="button" className="admin-link-button" onClick={() => setChosen(user)}>
                      {user.email}
                    </button>
                  </td>
                  <td>{t(`users.kinds.${user.kind}`, { defaultValue: user.kind })}</td>
                  <td>{user.blocked ? t('users.blocked') : t('users.active')}</td>
                  <td>{formatTime(user.createdAt, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
      {chosen ? (
        <section className="admin-detail" aria-labelledby="user-title">
          <h2 id="user-title">{chosen.email}</h2>
          <dl className="admin-facts">
            <dt>{t('users.id')}</dt>
            <dd>
              <code>{chosen.id}</code>
            </dd>
            <dt>{t('users.kind')}</dt>
            <dd>{t(`users.kinds.${chosen.kind}`, { defaultValue: chosen.kind })}</dd>
            <dt>{t('users.verified')}</dt>
            <dd>{chosen.emailVerified ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('users.status')}</dt>
            <dd data-testid="user-status">{chosen.blocked ? t('users.blocked') : t('users.active')}</dd>
          </dl>
          {mayBlock ? (
            chosen.blocked ? (
              <Button
                disabled={busy}
                onClick={() => change(() => unblockAccount(client, chosen.id), t('users.unblockedDone'))}
              >
                {t('users.unblock')}
              </Button>
            ) : (
              <form
                className="mb-stack"
                onSubmit={(event) => {
                  event.preventDefault();
                  if (reason.trim())
                    void change(() => blockAccount(client, chosen.id, reason.trim()), t('users.blockedDone'));
                }}
              >
                <TextField
                  label={t('users.reason')}
                  required
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
                <Button type="submit" variant="danger" disabled={busy || !reason.trim()}>
                  {t('users.block')}
                </Button>
              </form>
            )
          ) : (
            <p className="admin-muted">{t('users.blockAdminsOnly')}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
