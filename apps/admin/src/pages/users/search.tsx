import { Button, Notice, TextField } from '@manabee/ui';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useClient } from '../../api/context';
import { searchDirectory } from '../../api/operations';
import type { DirectoryEntry } from '../../api/types';
import { useErrorText } from '../../components/errors';
import { formatTime } from '../../components/format';

/** Where a result leads: accounts to their page, a child to its guardian's, an organization to its own. */
export function entryHref(entry: DirectoryEntry): string | null {
  if (entry.kind === 'organization') return `/users/organizations/${encodeURIComponent(entry.id)}`;
  if (!entry.accountId) return null;
  const anchor = entry.kind === 'child' ? `#child-${entry.id}` : '';
  return `/users/accounts/${encodeURIComponent(entry.accountId)}${anchor}`;
}

/**
 * The user directory: families, parents, children, teachers, organizations
 * (and, for admins, operators). The query lives in the URL so a detail page's
 * "back" returns to the same results.
 */
export function UsersSearchPage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const current = params.get('q') ?? '';
  const [query, setQuery] = useState(current);
  const [results, setResults] = useState<DirectoryEntry[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tooShort, setTooShort] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${t('users.title')} · ${t('common.appName')}`;
  }, [t]);

  useEffect(() => {
    setQuery(current);
    if (current.trim().length < 2) {
      setResults(null);
      return;
    }
    let live = true;
    setBusy(true);
    setError(null);
    searchDirectory(client, current.trim())
      .then(
        (rows) => live && setResults(rows),
        (caught: unknown) => live && setError(caught),
      )
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
  }, [client, current]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = query.trim();
    setTooShort(text.length < 2);
    if (text.length >= 2) setParams({ q: text });
  };

  return (
    <div className="admin-page">
      <h1>{t('users.title')}</h1>
      <search>
        <form onSubmit={submit} className="mb-row admin-filters">
          <TextField
            label={t('users.query')}
            hint={t('users.queryHint')}
            type="search"
            value={query}
            maxLength={100}
            onChange={(e) => setQuery(e.target.value)}
          />
          <Button type="submit" disabled={busy}>
            {t('common.search')}
          </Button>
        </form>
      </search>
      <div aria-live="polite">
        {tooShort || error ? (
          <Notice tone="error" data-testid="users-status">
            {tooShort ? t('users.tooShort') : errorText(error)}
          </Notice>
        ) : null}
      </div>
      {results ? (
        results.length === 0 ? (
          <p>{t('users.none')}</p>
        ) : (
          <table className="admin-table" data-testid="directory-results">
            <caption className="admin-caption">{t('users.results', { count: results.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.name')}</th>
                <th scope="col">{t('users.kind')}</th>
                <th scope="col">{t('users.context')}</th>
                <th scope="col">{t('users.status')}</th>
                <th scope="col">{t('users.created')}</th>
              </tr>
            </thead>
            <tbody>
              {results.map((entry) => {
                const href = entryHref(entry);
                return (
                  <tr key={`${entry.kind}:${entry.id}`}>
                    <td>
                      {href ? (
                        <Link to={href} state={{ from: `?${params.toString()}` }}>
                          {entry.label}
                        </Link>
                      ) : (
                        entry.label
                      )}
                    </td>
                    <td>{t(`users.kinds.${entry.kind}`, { defaultValue: entry.kind })}</td>
                    <td>{entry.context ?? '—'}</td>
                    <td>
                      {entry.blocked === null
                        ? '—'
                        : entry.blocked
                          ? t('users.blocked')
                          : entry.emailVerified === false
                            ? t('users.unverified')
                            : t('users.active')}
                    </td>
                    <td>{formatTime(entry.createdAt, i18n.language)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      ) : null}
    </div>
  );
}
