import { Button, Notice, useLoad } from '@manabee/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../access';
import { useClient } from '../api/context';
import { LoadError, useErrorText } from '../components/errors';
import { formatMoney, formatTime } from '../components/format';
import { useSession } from '../state/session';

interface SystemStatus {
  parts: { name: string; ok: boolean; mode: string; detail: string }[];
  jobs: {
    pending: number;
    running: number;
    dead: number;
    byQueue: { queue: string; pending: number; running: number; dead: number }[];
  };
  outbox: { unpublished: number; oldestAgeMs: number };
  providers: { id: string; model: string; state: string; failures: number }[];
  costToday: { provider: string; currency: string; messages: number; costMinor: number }[];
}
interface DeadLetter {
  id: string;
  kind: string;
  source: string;
  name: string;
  error: string;
  attempts: number;
  failedAt: string;
  retriedAt: string | null;
}
interface OutboxMail {
  file: string;
  to: string;
  subject: string;
  date: string;
  text: string;
}

const STATUS =
  'query { systemStatus { parts { name ok mode detail } jobs { pending running dead byQueue { queue pending running dead } } outbox { unpublished oldestAgeMs } providers { id model state failures } costToday { provider currency messages costMinor } } }';

/** Each part of the platform and its queues (apps/server/src/operations.ts); polls every 15 s. */
export function SystemPage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const session = useSession((s) => s.session);
  const mayManage = session.status === 'signed-in' && can(session.me, 'system.manage');
  const [status, reloadStatus] = useLoad(
    () => client.request<{ systemStatus: SystemStatus }>(STATUS).then((d) => d.systemStatus),
    [client],
  );
  const [dead, reloadDead] = useLoad(
    () =>
      client
        .request<{ deadLetters: DeadLetter[] }>(
          'query { deadLetters(first: 50) { id kind source name error attempts failedAt retriedAt } }',
        )
        .then((d) => d.deadLetters),
    [client],
  );
  const [mail] = useLoad(
    () =>
      client
        .request<{ mailOutbox: OutboxMail[] }>(
          'query { mailOutbox(first: 30) { file to subject date text } }',
        )
        .then((d) => d.mailOutbox),
    [client],
  );
  const [openMail, setOpenMail] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  useEffect(() => {
    document.title = `${t('system.title')} · ${t('common.appName')}`;
    const timer = setInterval(reloadStatus, 15_000);
    return () => clearInterval(timer);
  }, [t, reloadStatus]);

  const retry = async (id: string) => {
    try {
      await client.request('mutation($id: ID!) { retryDeadLetter(id: $id) }', { id });
      setMessage({ tone: 'success', text: t('system.retried') });
      reloadDead();
      reloadStatus();
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(error) });
    }
  };

  return (
    <div className="admin-page mb-stack">
      <h1>{t('system.title')}</h1>
      <div aria-live="polite">{message ? <Notice tone={message.tone}>{message.text}</Notice> : null}</div>
      <section aria-labelledby="parts-title">
        <h2 id="parts-title">{t('system.parts')}</h2>
        {status.state === 'error' ? <LoadError error={status.error} onRetry={reloadStatus} /> : null}
        {status.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
        {status.state === 'ready' ? (
          <>
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t('system.part')}</th>
                  <th scope="col">{t('system.health')}</th>
                  <th scope="col">{t('system.mode')}</th>
                  <th scope="col">{t('system.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {status.value.parts.map((part) => (
                  <tr key={part.name}>
                    <td>{part.name}</td>
                    <td>
                      <span className="admin-badge" data-severity={part.ok ? 'ok' : 'critical'}>
                        {part.ok ? t('system.ok') : t('system.down')}
                      </span>
                    </td>
                    <td>{t(`system.modes.${part.mode}`, { defaultValue: part.mode })}</td>
                    <td>{part.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2>{t('system.jobs')}</h2>
            <p>
              {t('system.jobTotals', status.value.jobs)} ·{' '}
              {t('system.outbox', {
                unpublished: status.value.outbox.unpublished,
                seconds: Math.round(status.value.outbox.oldestAgeMs / 1000),
              })}
            </p>
            {status.value.jobs.byQueue.length > 0 ? (
              <table className="admin-table">
                <thead>
                  <tr>
                    <th scope="col">{t('system.queue')}</th>
                    <th scope="col">{t('system.pending')}</th>
                    <th scope="col">{t('system.running')}</th>
                    <th scope="col">{t('system.dead')}</th>
                  </tr>
                </thead>
                <tbody>
                  {status.value.jobs.byQueue.map((q) => (
                    <tr key={q.queue}>
                      <td>{q.queue}</td>
                      <td>{q.pending}</td>
                      <td>{q.running}</td>
                      <td>{q.dead}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <h2>{t('system.providers')}</h2>
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t('system.provider')}</th>
                  <th scope="col">{t('system.model')}</th>
                  <th scope="col">{t('system.state')}</th>
                  <th scope="col">{t('system.failures')}</th>
                </tr>
              </thead>
              <tbody>
                {status.value.providers.map((p) => (
                  <tr key={p.id}>
                    <td>{p.id}</td>
                    <td>{p.model}</td>
                    <td>{p.state}</td>
                    <td>{p.failures}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h2>{t('system.costToday')}</h2>
            {status.value.costToday.length === 0 ? (
              <p>{t('system.noCost')}</p>
            ) : (
              <ul>
                {status.value.costToday.map((c) => (
                  <li key={`${c.provider}-${c.currency}`}>
                    {c.provider}: {formatMoney(c.costMinor, c.currency, i18n.language)} (
                    {t('system.messages', { count: c.messages })})
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : null}
      </section>

      <section aria-labelledby="dead-title">
        <h2 id="dead-title">{t('system.deadLetters')}</h2>
        {dead.state === 'error' ? <LoadError error={dead.error} onRetry={reloadDead} /> : null}
        {dead.state === 'ready' && dead.value.length === 0 ? <p>{t('system.noDead')}</p> : null}
        {dead.state === 'ready' && dead.value.length > 0 ? (
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('system.name')}</th>
                <th scope="col">{t('system.error')}</th>
                <th scope="col">{t('system.attempts')}</th>
                <th scope="col">{t('system.failedAt')}</th>
                <th scope="col">
                  <span className="mb-visually-hidden">{t('system.retry')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {dead.value.map((d) => (
                <tr key={d.id}>
                  <td>
                    {d.kind}: {d.name} <span className="admin-muted">({d.source})</span>
                  </td>
                  <td>{d.error}</td>
                  <td>{d.attempts}</td>
                  <td>{formatTime(d.failedAt, i18n.language)}</td>
                  <td>
                    {mayManage && !d.retriedAt ? (
                      <Button variant="secondary" onClick={() => retry(d.id)}>
                        {t('system.retry')}
                      </Button>
                    ) : d.retriedAt ? (
                      t('system.retriedAt', { time: formatTime(d.retriedAt, i18n.language) })
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section aria-labelledby="mail-title">
        <h2 id="mail-title">{t('system.mail')}</h2>
        {mail.state === 'error' ? <LoadError error={mail.error} /> : null}
        {mail.state === 'ready' && mail.value.length === 0 ? <p>{t('system.noMail')}</p> : null}
        {mail.state === 'ready' && mail.value.length > 0 ? (
          <ul className="admin-mail">
            {mail.value.map((m) => (
              <li key={m.file}>
                <button
                  type="button"
                  className="admin-link-button"
                  aria-expanded={openMail === m.file}
                  onClick={() => setOpenMail(openMail === m.file ? null : m.file)}
                >
                  {formatTime(m.date, i18n.language)} · {m.to} · {m.subject}
                </button>
                {openMail === m.file ? <pre className="admin-code">{m.text}</pre> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
