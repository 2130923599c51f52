import { Button, Card, Notice } from '@manabee/ui';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GraphQLRequestError } from '../../api/client';
import { EXPORT_STEPS, type FamilyDataApi, type FamilyExport, isActive } from '../../api/family-data';
import { useApis } from '../../api/hooks';
import { errorCode, useErrorText } from '../../components/errors';
import { formatBytes, formatDateTime, formatNumber } from '../../i18n/format';

/** About every 1.5 s while an export is queued or running (the cadence); slower after failures. */
export const POLL_MS = 1500;
const MAX_POLL_MS = 30_000;

type ListState =
  | { phase: 'loading' }
  | { phase: 'unavailable' }
  | { phase: 'error'; error: unknown }
  | { phase: 'ready'; exports: FamilyExport[]; failures: number };

/**
 * The family's exports, polled while any is queued or running. Polling stops
 * when none is, and on unmount. A failed poll keeps the last list on screen
 * and tries again, a little later each time.
 */
function useFamilyExports(api: FamilyDataApi, pollMs: number) {
  const [state, setState] = useState<ListState>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` asks for a fresh list
  useEffect(() => {
    let live = true;
    api.exports().then(
      (result) => {
        if (!live) return;
        setState(
          result.available
            ? { phase: 'ready', exports: result.value, failures: 0 }
            : { phase: 'unavailable' },
        );
      },
      (error: unknown) => {
        if (!live) return;
        setState((previous) =>
          previous.phase === 'ready'
            ? { ...previous, failures: previous.failures + 1 }
            : { phase: 'error', error },
        );
      },
    );
    return () => {
      live = false;
    };
  }, [api, generation]);

  useEffect(() => {
    // Every answer is a new state object, so each one schedules exactly one next poll.
    if (state.phase !== 'ready' || !state.exports.some(isActive)) return;
    const delay = Math.min(pollMs * 2 ** state.failures, MAX_POLL_MS);
    const timer = setTimeout(refresh, delay);
    return () => clearTimeout(timer);
  }, [state, pollMs, refresh]);

  /** Shows an export the server just accepted before the next poll brings it. */
  const add = useCallback((item: FamilyExport) => {
    setState((previous) =>
      previous.phase === 'ready'
        ? { ...previous, exports: [item, ...previous.exports.filter((e) => e.id !== item.id)] }
        : { phase: 'ready', exports: [item], failures: 0 },
    );
  }, []);

  return { state, refresh, add };
}

function ProgressBar({ value, labelledBy }: { value: number; labelledBy: string }) {
  const { t, i18n } = useTranslation();
  const percent = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      role="progressbar"
      className="mb-progress"
      aria-labelledby={labelledBy}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={t('familyData.export.percent', { percent: formatNumber(percent, i18n.language) })}
    >
      <div className="mb-progress-bar" style={{ width: `${percent}%` }} />
    </div>
  );
}

function stepText(step: string | null, t: (key: string) => string): string | null {
  return step && (EXPORT_STEPS as readonly string[]).includes(step)
    ? t(`familyData.export.step.${step}`)
    : null;
}

function ExportItem({
  item,
  newest,
  onRetry,
  busy,
}: {
  item: FamilyExport;
  newest: boolean;
  onRetry: () => void;
  busy: boolean;
}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const language = i18n.language;
  const known = ['queued', 'running', 'ready', 'failed', 'expired'].includes(item.status);
  const step = item.status === 'running' ? stepText(item.step, t) : null;
  return (
    <li className="mb-card mb-stack mb-flow mb-export" data-testid="family-export" data-status={item.status}>
      <div className="mb-row mb-spread">
        <h4 id={`${id}-title`} className="mb-export-title">
          {t('familyData.export.requestedAt', { date: formatDateTime(item.createdAt, language) })}
        </h4>
        <span className="mb-badge" data-tone={item.status === 'failed' ? 'danger' : undefined}>
          {known ? t(`familyData.export.status.${item.status}`) : item.status}
        </span>
      </div>
      {isActive(item) ? (
        <div className="mb-stack mb-tight">
          <p id={`${id}-progress`} className="mb-progress-label">
            {item.status === 'queued'
              ? t('familyData.export.queuedText')
              : t('familyData.export.percent', { percent: formatNumber(item.progress, language) })}
            {step ? ` · ${step}` : ''}
          </p>
          <ProgressBar value={item.progress} labelledBy={`${id}-title ${id}-progress`} />
        </div>
      ) : null}
      {item.status === 'ready' && item.downloadUrl ? (
        <div className="mb-row mb-spread">
          <p className="mb-hint mb-flush">
            {item.expiresAt
              ? t('familyData.export.expires', { date: formatDateTime(item.expiresAt, language) })
              : null}
          </p>
          <a
            className="mb-button"
            href={item.downloadUrl}
            download={`family-export-${item.createdAt.slice(0, 10)}.json`}
            aria-describedby={`${id}-title`}
            data-testid="export-download"
          >
            {item.sizeBytes === null
              ? t('familyData.export.downloadNoSize')
              : t('familyData.export.download', { size: formatBytes(item.sizeBytes, language) })}
          </a>
        </div>
      ) : null}
      {item.status === 'expired' ? <p className="mb-hint">{t('familyData.export.expiredText')}</p> : null}
      {item.status === 'failed' && newest ? (
        <Notice tone="error" live="assertive" className="mb-stack">
          <span>{t('familyData.export.failedText')}</span>
          <span>
            <Button variant="secondary" onClick={onRetry} disabled={busy}>
              {t('common.retry')}
            </Button>
          </span>
        </Notice>
      ) : null}
      {item.status === 'failed' && !newest ? (
        <p className="mb-hint">{t('familyData.export.failedOld')}</p>
      ) : null}
    </li>
  );
}

/** "Download a copy": request an export, watch it being built, download it while it is kept. */
export function FamilyExports({ pollMs = POLL_MS }: { pollMs?: number }) {
  const { t } = useTranslation();
  const { familyData } = useApis();
  const errorText = useErrorText();
  const { state, refresh, add } = useFamilyExports(familyData, pollMs);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  function requestErrorText(error: unknown): string {
    if (error instanceof GraphQLRequestError && error.isMissingField)
      return t('familyData.export.unavailable');
    const code = errorCode(error);
    if (code === 'CONFLICT') return t('familyData.export.conflict');
    if (code === 'RATE_LIMITED') return t('familyData.export.rateLimited');
    return errorText(error);
  }

  async function request() {
    setBusy(true);
    setProblem(null);
    try {
      add(await familyData.requestExport());
    } catch (caught) {
      setProblem(requestErrorText(caught));
      // A CONFLICT means one is being built (perhaps from another tab): show it.
      refresh();
    } finally {
      setBusy(false);
    }
  }

  const exports = state.phase === 'ready' ? state.exports : [];
  const newest = exports[0];
  const summary = !newest
    ? ''
    : isActive(newest)
      ? t('familyData.export.announceActive')
      : newest.status === 'ready'
        ? t('familyData.export.announceReady')
        : '';

  return (
    <Card aria-labelledby="export-title" className="mb-stack mb-flow">
      <h2 id="export-title">{t('familyData.export.title')}</h2>
      <p>{t('familyData.export.lead')}</p>
      {state.phase === 'unavailable' ? (
        <Notice tone="info">{t('familyData.export.unavailable')}</Notice>
      ) : (
        <div>
          <Button onClick={request} disabled={busy || state.phase === 'loading'}>
            {busy ? t('familyData.export.requesting') : t('familyData.export.request')}
          </Button>
        </div>
      )}
      {problem ? (
        <Notice tone="error" live="assertive">
          {problem}
        </Notice>
      ) : null}
      {/* Always in the page, so a change of its text is announced (politely, once per status). */}
      <p role="status" className={summary ? undefined : 'mb-visually-hidden'}>
        {summary}
      </p>
      {state.phase === 'loading' ? <p>{t('common.loading')}</p> : null}
      {state.phase === 'error' ? (
        <Notice tone="error" live="assertive" className="mb-stack">
          <span>{errorText(state.error)}</span>
          <span>
            <Button variant="secondary" onClick={refresh}>
              {t('common.retry')}
            </Button>
          </span>
        </Notice>
      ) : null}
      {state.phase === 'ready' && state.failures > 0 ? (
        <p className="mb-hint">{t('familyData.export.refreshFailed')}</p>
      ) : null}
      {state.phase === 'ready' ? (
        <section aria-labelledby="exports-list" className="mb-stack mb-flow">
          <h3 id="exports-list" className="mb-h3">
            {t('familyData.export.listTitle')}
          </h3>
          {exports.length === 0 ? (
            <p>{t('familyData.export.none')}</p>
          ) : (
            <ul className="mb-plain-list mb-stack">
              {exports.map((item) => (
                <ExportItem
                  key={item.id}
                  item={item}
                  newest={item === newest}
                  onRetry={request}
                  busy={busy}
                />
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </Card>
  );
}
