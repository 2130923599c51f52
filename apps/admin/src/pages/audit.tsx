import { Button, Notice, TextField, useLoad } from '@manabee/ui';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useClient } from '../api/context';
import { auditChain, auditLog } from '../api/operations';
import type { AuditEntry, AuditFilter } from '../api/types';
import { LoadError, useErrorText } from '../components/errors';
import { formatTime } from '../components/format';

const FIELDS = ['actorId', 'action', 'resourceType', 'resourceId'] as const;

/** `datetime-local` values are local wall time; the API wants ISO 8601 with an offset. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : '');

export function exportHref(filter: AuditFilter, format: 'csv' | 'json'): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return `/api/admin/audit/export?${params.toString()}`;
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  // Other pages link here with a filter in the query (e.g. an account's trail: ?resourceId=usr_…).
  const [params] = useSearchParams();
  const [initial] = useState<AuditFilter>(() => {
    const given: AuditFilter = {};
    for (const key of FIELDS) {
      const value = params.get(key)?.trim().slice(0, 200);
      if (value) given[key] = value;
    }
    return given;
  });
  const [form, setForm] = useState<Record<(typeof FIELDS)[number] | 'from' | 'to', string>>({
    actorId: initial.actorId ?? '',
    action: initial.action ?? '',
    resourceType: initial.resourceType ?? '',
    resourceId: initial.resourceId ?? '',
    from: '',
    to: '',
  });
  const [filter, setFilter] = useState<AuditFilter>(initial);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [chain, checkChain] = useLoad(() => auditChain(client), [client]);

  useEffect(() => {
    document.title = `${t('audit.title')} · ${t('common.appName')}`;
  }, [t]);

  const load = async (next: AuditFilter, after: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const page = await auditLog(client, next, after);
      setEntries((current) => (after ? [...current, ...page.entries] : page.entries));
      setCursor(page.nextCursor);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page loads once, on mount.
  useEffect(() => {
    void load(initial, null);
  }, []);

  const search = (event: FormEvent) => {
    event.preventDefault();
    const next: AuditFilter = {};
    for (const key of FIELDS) if (form[key].trim()) next[key] = form[key].trim();
    if (form.from) next.from = toIso(form.from);
    if (form.to) next.to = toIso(form.to);
    setFilter(next);
    void load(next, null);
  };

  return (
    <div className="admin-page mb-stack">
      <h1>{t('audit.title')}</h1>
      <section aria-labelledby="chain-title">
        <h2 id="chain-title">{t('audit.chain')}</h2>
        {chain.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
        {chain.state === 'error' ? <LoadError error={chain.error} onRetry={checkChain} /> : null}
        {chain.state === 'ready' ? (
          <Notice tone={chain.value.ok ? 'success' : 'error'} data-testid="chain-result">
            {chain.value.ok
              ? t('audit.chainOk', { checked: chain.value.checked, pruned: chain.value.pruned })
              : t('audit.chainBroken', { count: chain.value.problems.length })}
            {chain.value.problems.length > 0 ? (
              <ul>
                {chain.value.problems.slice(0, 20).map((p) => (
                  <li key={p.seq}>
                    #{p.seq}: {p.problem}
                  </li>
                ))}
              </ul>
            ) : null}
          </Notice>
        ) : null}
        <Button variant="secondary" onClick={checkChain}>
          {t('audit.verifyAgain')}
        </Button>
      </section>

      <search aria-label={t('audit.search')}>
        <form onSubmit={search} className="admin-filters">
          {FIELDS.map((key) => (
            <TextField
              key={key}
              label={t(`audit.fields.${key}`)}
              hint={key === 'action' ? t('audit.actionHint') : undefined}
              value={form[key]}
              onChange={(e) => setForm({ ...form, [key]: e.target.value })}
            />
          ))}
          <TextField
            label={t('audit.fields.from')}
            type="datetime-local"
            value={form.from}
            onChange={(e) => setForm({ ...form, from: e.target.value })}
          />
          <TextField
            label={t('audit.fields.to')}
            type="datetime-local"
            value={form.to}
            onChange={(e) => setForm({ ...form, to: e.target.value })}
          />
          <Button type="submit" disabled={busy}>
            {t('common.search')}
          </Button>
        </form>
      </search>
      <p className="mb-row">
        <a className="mb-button" data-variant="secondary" href={exportHref(filter, 'csv')} download>
          {t('audit.exportCsv')}
        </a>
        <a className="mb-button" data-variant="secondary" href={exportHref(filter, 'json')} download>
          {t('audit.exportJson')}
        </a>
      </p>
      {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
      <table className="admin-table" data-testid="audit-table">
        <caption className="admin-caption">{t('audit.results', { count: entries.length })}</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('audit.time')}</th>
            <th scope="col">{t('audit.fields.actorId')}</th>
            <th scope="col">{t('audit.fields.action')}</th>
            <th scope="col">{t('audit.resource')}</th>
            <th scope="col">{t('audit.result')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{entry.seq}</td>
              <td>{formatTime(entry.occurredAt, i18n.language)}</td>
              <td>
                {entry.actorId ?? '—'} <span className="admin-muted">({entry.actorRole})</span>
              </td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>
                {entry.resourceType}
                {entry.resourceId ? `: ${entry.resourceId}` : ''}
              </td>
              <td>{entry.result}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor ? (
        <Button variant="secondary" disabled={busy} onClick={() => load(filter, cursor)}>
          {t('audit.more')}
        </Button>
      ) : null}
    </div>
  );
}
