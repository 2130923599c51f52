import { Button, Card, Notice, useLoad } from '@manabee/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApis } from '../../api/hooks';
import type { SafetyAlert } from '../../api/optional';
import { useErrorText } from '../../components/errors';
import { usePageTitle } from '../../components/shell';
import { formatDateTime, formatList } from '../../i18n/format';
import { LoadState } from './children-pages';

function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useTranslation();
  const known = ['low', 'medium', 'high', 'critical'].includes(severity);
  return (
    <span
      className="mb-badge"
      data-tone={severity === 'high' || severity === 'critical' ? 'danger' : undefined}
    >
      {known ? t(`alerts.severityLevel.${severity}`) : severity}
    </span>
  );
}

/** services/safety/src/domain/types.ts CATEGORIES; a code this app does not know yet reads "other". */
const CATEGORY_CODES = new Set([
  'self_harm',
  'bullying',
  'violence',
  'sexual',
  'grooming',
  'personal_info',
  'hate',
  'drugs',
  'profanity',
]);

function useCategoryLabel(): (code: string) => string {
  const { t } = useTranslation();
  return (code) => t(`alerts.category.${CATEGORY_CODES.has(code) ? code : 'other'}`);
}

/** Alerts carry a child id; the family's children give the names. */
export function AlertsList({ alerts, names }: { alerts: SafetyAlert[]; names: ReadonlyMap<string, string> }) {
  const { t, i18n } = useTranslation();
  const categoryLabel = useCategoryLabel();
  if (alerts.length === 0) return <p>{t('alerts.empty')}</p>;
  return (
    <div className="mb-table-wrap">
      <table className="mb-table">
        <caption className="mb-visually-hidden">{t('alerts.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('alerts.raisedAt')}</th>
            <th scope="col">{t('alerts.child')}</th>
            <th scope="col">{t('alerts.categories')}</th>
            <th scope="col">{t('alerts.severity')}</th>
            <th scope="col">{t('alerts.status')}</th>
            <th scope="col">
              <span className="mb-visually-hidden">{t('alerts.view')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((alert) => {
            const when = formatDateTime(alert.raisedAt, i18n.language);
            const name = names.get(alert.childId) ?? '';
            return (
              <tr key={alert.id}>
                <td>{when}</td>
                <td>{name}</td>
                <td>{categoryLabel(alert.category)}</td>
                <td>
                  <SeverityBadge severity={alert.severity} />
                </td>
                <td>
                  {alert.acknowledgedAt ? t('alerts.acknowledged') : <strong>{t('alerts.open')}</strong>}
                </td>
                <td>
                  <Link to={`/family/alerts/${alert.id}`} aria-label={`${t('alerts.view')}: ${name} ${when}`}>
                    {t('alerts.view')}
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function useChildNames() {
  const { auth } = useApis();
  const [children] = useLoad(() => auth.children().catch(() => []), []);
  return new Map(children.state === 'ready' ? children.value.map((c) => [c.id, c.nickname] as const) : []);
}

export function AlertsPage() {
  const { t } = useTranslation();
  const { alerts } = useApis();
  const names = useChildNames();
  usePageTitle(t('alerts.title'));
  const [loaded] = useLoad(() => alerts.list(), []);
  return (
    <div className="mb-stack">
      <h1>{t('alerts.title')}</h1>
      <LoadState load={loaded}>
        {(result) =>
          result.available ? (
            <AlertsList alerts={result.value} names={names} />
          ) : (
            <Notice tone="info">{t('alerts.unavailable')}</Notice>
          )
        }
      </LoadState>
    </div>
  );
}

export function AlertDetailPage() {
  const { t, i18n } = useTranslation();
  const { alertId = '' } = useParams();
  const { alerts } = useApis();
  const names = useChildNames();
  const errorText = useErrorText();
  const categoryLabel = useCategoryLabel();
  const [loaded, reload] = useLoad(() => alerts.detail(alertId), [alertId]);
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  usePageTitle(t('alerts.detailTitle'));

  async function acknowledge() {
    try {
      await alerts.acknowledge(alertId);
      setStatus({ tone: 'success', text: t('alerts.acknowledgedDone') });
      reload();
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    }
  }

  const role = (r: string) => (r === 'child' || r === 'user' ? t('alerts.roleChild') : t('alerts.roleTutor'));

  return (
    <div className="mb-stack mb-narrow">
      <p>
        <Link to="/family/alerts">← {t('alerts.title')}</Link>
      </p>
      <h1>{t('alerts.detailTitle')}</h1>
      {status ? (
        <Notice tone={status.tone} live={status.tone === 'error' ? 'assertive' : 'polite'}>
          {status.text}
        </Notice>
      ) : null}
      <LoadState load={loaded}>
        {(result) => {
          if (!result.available) return <Notice tone="info">{t('alerts.unavailable')}</Notice>;
          const alert = result.value;
          return (
            <>
              <Card className="mb-stack">
                <dl className="mb-facts">
                  <dt>{t('alerts.child')}</dt>
                  <dd>{names.get(alert.childId) ?? ''}</dd>
                  <dt>{t('alerts.raisedAt')}</dt>
                  <dd>{formatDateTime(alert.raisedAt, i18n.language)}</dd>
                  <dt>{t('alerts.severity')}</dt>
                  <dd>
                    <SeverityBadge severity={alert.severity} />
                  </dd>
                  <dt>{t('alerts.categories')}</dt>
                  <dd>{formatList([...new Set(alert.categories.map(categoryLabel))], i18n.language)}</dd>
                  <dt>{t('alerts.status')}</dt>
                  <dd>{alert.acknowledgedAt ? t('alerts.acknowledged') : t('alerts.open')}</dd>
                </dl>
                {alert.acknowledgedAt ? null : (
                  <div>
                    <Button onClick={acknowledge}>{t('alerts.acknowledge')}</Button>
                  </div>
                )}
              </Card>
              <section aria-labelledby="alert-context" className="mb-stack">
                <h2 id="alert-context">{t('alerts.context')}</h2>
                <ol className="mb-plain-list mb-stack">
                  {(alert.context ?? []).map((turn, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the context is a fixed, ordered excerpt
                    <li key={i} className="mb-card">
                      <p className="mb-hint">{role(turn.role)}</p>
                      <p className="mb-pre">{turn.text}</p>
                    </li>
                  ))}
                  {alert.flaggedText ? (
                    <li className="mb-card" data-flagged>
                      <p className="mb-hint">
                        {t('alerts.roleChild')} · <strong>{t('alerts.flagged')}</strong>
                      </p>
                      <p className="mb-pre" data-testid="flagged-text">
                        {alert.flaggedText}
                      </p>
                    </li>
                  ) : null}
                </ol>
              </section>
            </>
          );
        }}
      </LoadState>
    </div>
  );
}
