import { Button, Notice, SelectField, useLoad } from '@manabee/ui';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/context';
import { bulkResolveReviews, claimReview, resolveReview, reviewQueue } from '../../api/operations';
import {
  CATEGORIES,
  type ReviewItem,
  type ReviewOutcome,
  type ReviewQueueFilter,
  type ReviewState,
  SEVERITIES,
} from '../../api/types';
import { LoadError, useErrorText } from '../../components/errors';
import { formatTime, formatWaited } from '../../components/format';
import { MissedReportForm, ScannerVersionLine } from './missed-report';
import { type PendingResolution, ReviewDetail } from './review-detail';

const STATE_FILTERS: Record<string, ReviewState[] | undefined> = {
  open: undefined, // the server's default: new and in_review
  new: ['new'],
  in_review: ['in_review'],
  resolved: ['resolved'],
  false_positive: ['false_positive'],
  all: ['new', 'in_review', 'resolved', 'false_positive'],
};
const AGES = ['any', '15', '60', '1440'] as const;

/** Keys typed into a field are text, not shortcuts. */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function ReviewQueuePage() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [stateFilter, setStateFilter] = useState('open');
  const [severity, setSeverity] = useState('');
  const [category, setCategory] = useState('');
  const [age, setAge] = useState<(typeof AGES)[number]>('any');
  const filter = useMemo<ReviewQueueFilter>(() => {
    const f: ReviewQueueFilter = {};
    const states = STATE_FILTERS[stateFilter];
    if (states) f.states = states;
    if (severity) f.severities = [severity];
    if (category) f.category = category;
    if (age !== 'any') f.minAgeMinutes = Number(age);
    return f;
  }, [stateFilter, severity, category, age]);
  const [queue, reload] = useLoad(() => reviewQueue(client, filter), [client, filter]);
  const items = queue.state === 'ready' ? queue.value.items : [];
  const [activeId, setActiveId] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<PendingResolution | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [help, setHelp] = useState(false);
  const [bulkNote, setBulkNote] = useState('');
  const [reporting, setReporting] = useState(false);
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());

  useEffect(() => {
    document.title = `${t('review.title')} · ${t('common.appName')}`;
  }, [t]);

  const activeIndex = Math.max(
    0,
    items.findIndex((item) => item.id === activeId),
  );
  const active: ReviewItem | undefined = items[activeIndex];

  const move = useCallback(
    (delta: number) => {
      if (items.length === 0) return;
      const next = items[Math.min(items.length - 1, Math.max(0, activeIndex + delta))];
      if (!next) return;
      setActiveId(next.id);
      setPending(null);
      rowRefs.current.get(next.id)?.scrollIntoView?.({ block: 'nearest' });
    },
    [items, activeIndex],
  );

  const run = useCallback(
    async (work: () => Promise<string>) => {
      setBusy(true);
      try {
        setStatus({ tone: 'success', text: await work() });
        reload();
      } catch (error) {
        setStatus({ tone: 'error', text: errorText(error) });
      } finally {
        setBusy(false);
      }
    },
    [reload, errorText],
  );

  const claim = useCallback(() => {
    if (active?.state !== 'new') return;
    void run(async () => {
      await claimReview(client, active.id);
      return t('review.claimed');
    });
  }, [active, client, run, t]);

  const confirm = useCallback(
    (outcome: ReviewOutcome, note: string) => {
      if (!active) return;
      const id = active.id;
      setPending(null);
      void run(async () => {
        await resolveReview(client, id, outcome, note);
        // Keep the place in the list: the next row moves up into this position.
        const after = items[activeIndex + 1] ?? items[activeIndex - 1];
        setActiveId(after?.id ?? null);
        return outcome === 'resolved' ? t('review.resolvedDone') : t('review.falsePositiveDone');
      });
    },
    [active, activeIndex, items, client, run, t],
  );

  const bulk = (outcome: ReviewOutcome) => {
    const ids = [...selected];
    if (ids.length === 0) return;
    void run(async () => {
      const result = await bulkResolveReviews(client, ids, outcome, bulkNote.trim());
      setSelected(new Set());
      setBulkNote('');
      return t('review.bulkDone', { updated: result.updated.length, skipped: result.skipped.length });
    });
  };

  const toggle = useCallback((id: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      const open = active && (active.state === 'new' || active.state === 'in_review');
      switch (event.key) {
        case 'j':
          move(1);
          break;
        case 'k':
          move(-1);
          break;
        case 'c':
          claim();
          break;
        case 'r':
          if (open) setPending({ outcome: 'resolved' });
          break;
        case 'f':
          if (open) setPending({ outcome: 'false_positive' });
          break;
        case 'x':
          if (active) toggle(active.id);
          break;
        case '?':
          setHelp((shown) => !shown);
          break;
        case 'Escape':
          setHelp(false);
          setPending(null);
          return;
        default:
          return;
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [move, claim, toggle, active]);

  const units = { d: t('units.d'), h: t('units.h'), m: t('units.m'), s: t('units.s') };
  const allSelected = items.length > 0 && items.every((item) => selected.has(item.id));

  return (
    <div className="admin-page">
      <div className="admin-page-head">
        <h1>{t('review.title')}</h1>
        <div className="mb-row">
          <Button
            variant="secondary"
            aria-expanded={reporting}
            aria-controls="missed-report"
            onClick={() => setReporting((shown) => !shown)}
          >
            {t('missed.open')}
          </Button>
          <Button
            variant="secondary"
            aria-expanded={help}
            aria-controls="shortcut-help"
            aria-keyshortcuts="?"
            onClick={() => setHelp((shown) => !shown)}
          >
            {t('review.shortcuts')}
          </Button>
        </div>
      </div>
      <ScannerVersionLine />
      {reporting ? (
        <div id="missed-report">
          <MissedReportForm />
        </div>
      ) : null}
      {help ? (
        <section id="shortcut-help" className="admin-help" aria-labelledby="help-title">
          <h2 id="help-title">{t('review.shortcuts')}</h2>
          <dl>
            {(['j', 'k', 'c', 'r', 'f', 'x', '?', 'Esc'] as const).map((key) => (
              <div key={key}>
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{t(`review.keys.${key === '?' ? 'help' : key === 'Esc' ? 'esc' : key}`)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      <form className="admin-filters" aria-label={t('review.filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t('review.state')}
          value={stateFilter}
          onChange={(e) => setStateFilter(e.target.value)}
          options={Object.keys(STATE_FILTERS).map((value) => ({
            value,
            label: t(`review.stateFilters.${value}`),
          }))}
        />
        <SelectField
          label={t('review.severity')}
          value={severity}
          onChange={(e) => setSeverity(e.target.value)}
          options={[
            { value: '', label: t('common.any') },
            ...SEVERITIES.map((value) => ({ value, label: t(`severities.${value}`) })),
          ]}
        />
        <SelectField
          label={t('review.category')}
          value={category}
          onChange={(e) => setCategory(e.target.value)}
          options={[
            { value: '', label: t('common.any') },
            ...CATEGORIES.map((value) => ({ value, label: t(`categories.${value}`) })),
          ]}
        />
        <SelectField
          label={t('review.age')}
          value={age}
          onChange={(e) => setAge(e.target.value as (typeof AGES)[number])}
          options={AGES.map((value) => ({ value, label: t(`review.ages.${value}`) }))}
        />
      </form>

      <div aria-live="polite" className="admin-status">
        {status ? (
          <Notice tone={status.tone} data-testid="queue-status">
            {status.text}
          </Notice>
        ) : null}
      </div>

      {queue.state === 'error' ? <LoadError error={queue.error} onRetry={reload} /> : null}
      {queue.state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {queue.state === 'ready' ? (
        <div className="admin-split">
          <section aria-labelledby="queue-title" className="admin-queue">
            <h2 id="queue-title">{t('review.count', { count: queue.value.total })}</h2>
            {items.length === 0 ? (
              <p>{t('review.empty')}</p>
            ) : (
              <table className="admin-table" aria-describedby="queue-hint">
                <caption id="queue-hint" className="admin-caption">
                  {t('review.hint')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">
                      <input
                        type="checkbox"
                        aria-label={t('review.selectAll')}
                        checked={allSelected}
                        onChange={() =>
                          setSelected(allSelected ? new Set() : new Set(items.map((item) => item.id)))
                        }
                      />
                    </th>
                    <th scope="col">{t('review.severity')}</th>
                    <th scope="col">{t('review.category')}</th>
                    <th scope="col">{t('review.state')}</th>
                    <th scope="col">{t('review.waited')}</th>
                    <th scope="col">{t('review.raisedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((item) => {
                    const isActive = item.id === active?.id;
                    return (
                      <tr
                        key={item.id}
                        ref={(row) => {
                          if (row) rowRefs.current.set(item.id, row);
                          else rowRefs.current.delete(item.id);
                        }}
                        data-active={isActive ? 'true' : undefined}
                        aria-current={isActive ? 'true' : undefined}
                        data-testid="review-row"
                        data-severity={item.severity}
                        onClick={() => {
                          setActiveId(item.id);
                          setPending(null);
                        }}
                      >
                        <td>
                          <input
                            type="checkbox"
                            aria-label={t('review.selectOne', {
                              category: t(`categories.${item.category}`, { defaultValue: item.category }),
                              time: formatTime(item.raisedAt, i18n.language),
                            })}
                            checked={selected.has(item.id)}
                            onChange={() => toggle(item.id)}
                          />
                        </td>
                        <td>
                          <span className="admin-badge" data-severity={item.severity}>
                            {t(`severities.${item.severity}`, { defaultValue: item.severity })}
                          </span>
                        </td>
                        <td>
                          <button
                            type="button"
                            className="admin-link-button"
                            onClick={() => setActiveId(item.id)}
                          >
                            {t(`categories.${item.category}`, { defaultValue: item.category })}
                          </button>
                        </td>
                        <td>{t(`review.states.${item.state}`)}</td>
                        <td>{formatWaited(item.waitedSeconds, units)}</td>
                        <td>{formatTime(item.raisedAt, i18n.language)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
            {selected.size > 0 ? (
              <section className="admin-bulk mb-stack" aria-labelledby="bulk-title">
                <h3 id="bulk-title">{t('review.bulkTitle', { count: selected.size })}</h3>
                <div className="mb-field">
                  <label htmlFor="bulk-note">{t('review.resolutionNote')}</label>
                  <textarea
                    id="bulk-note"
                    className="mb-textarea"
                    rows={2}
                    value={bulkNote}
                    onChange={(e) => setBulkNote(e.target.value)}
                  />
                </div>
                <div className="mb-row">
                  <Button disabled={busy} onClick={() => bulk('resolved')}>
                    {t('review.bulkResolve')}
                  </Button>
                  <Button variant="secondary" disabled={busy} onClick={() => bulk('false_positive')}>
                    {t('review.bulkFalsePositive')}
                  </Button>
                </div>
              </section>
            ) : null}
          </section>
          {active ? (
            <ReviewDetail
              item={active}
              pending={pending}
              busy={busy}
              onClaim={claim}
              onAskResolve={(outcome) => setPending({ outcome })}
              onConfirm={confirm}
              onCancel={() => setPending(null)}
            />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
