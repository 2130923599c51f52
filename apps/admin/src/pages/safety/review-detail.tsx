import { Button, Notice, TextArea, useLoad } from '@manabee/ui';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api/context';
import { addReviewNote, reviewItem } from '../../api/operations';
import type { ReviewItem, ReviewOutcome } from '../../api/types';
import { LoadError, useErrorText } from '../../components/errors';
import { formatTime } from '../../components/format';

export interface PendingResolution {
  outcome: ReviewOutcome;
}

interface DetailProps {
  item: ReviewItem;
  pending: PendingResolution | null;
  busy: boolean;
  onClaim(): void;
  onAskResolve(outcome: ReviewOutcome): void;
  onConfirm(outcome: ReviewOutcome, note: string): void;
  onCancel(): void;
}

/**
 * One alert with the flagged message and the turns before it. Loading it reads
 * the child's text, which the server records in the audit log; the wait keeps
 * quick j/k movement from recording every row passed over.
 */
export function ReviewDetail({
  item,
  pending,
  busy,
  onClaim,
  onAskResolve,
  onConfirm,
  onCancel,
}: DetailProps) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const [settledId, setSettledId] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setSettledId(item.id), 150);
    return () => clearTimeout(timer);
  }, [item.id]);
  const [detail, reload] = useLoad(
    () => (settledId === item.id ? reviewItem(client, item.id) : new Promise<never>(() => {})),
    [settledId, item.id, item.state, item.noteCount],
  );
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const confirmNote = useRef<HTMLTextAreaElement>(null);
  const [resolutionNote, setResolutionNote] = useState('');

  useEffect(() => {
    if (pending) {
      setResolutionNote('');
      confirmNote.current?.focus();
    }
  }, [pending]);

  const saveNote = async (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) return;
    try {
      await addReviewNote(client, item.id, note.trim());
      setNote('');
      setNoteError(null);
      reload();
    } catch (error) {
      setNoteError(errorText(error));
    }
  };

  const open = item.state === 'new' || item.state === 'in_review';
  const shown = detail.state === 'ready' && detail.value.id === item.id ? detail.value : null;

  return (
    <section className="admin-detail" aria-labelledby="detail-title">
      <h2 id="detail-title">
        {t(`categories.${item.category}`, { defaultValue: item.category })} ·{' '}
        {t(`severities.${item.severity}`, { defaultValue: item.severity })}
      </h2>
      <dl className="admin-facts">
        <dt>{t('review.state')}</dt>
        <dd>{t(`review.states.${item.state}`)}</dd>
        <dt>{t('review.raisedAt')}</dt>
        <dd>{formatTime(item.raisedAt, i18n.language)}</dd>
        <dt>{t('review.source')}</dt>
        <dd>{item.source}</dd>
        <dt>{t('review.child')}</dt>
        <dd>
          <code>{item.childId}</code>
        </dd>
      </dl>
      {detail.state === 'error' ? <LoadError error={detail.error} onRetry={reload} /> : null}
      {shown ? (
        <>
          <h3>{t('review.context')}</h3>
          {shown.context && shown.context.length > 0 ? (
            <ol className="admin-context">
              {shown.context.map((turn, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: context turns have no id; the list is fixed and ordered.
                <li key={index} data-role={turn.role}>
                  <span className="admin-turn-role">
                    {t(`review.roles.${turn.role}`, { defaultValue: turn.role })}
                  </span>{' '}
                  {turn.text}
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('review.noContext')}</p>
          )}
          <h3>{t('review.flagged')}</h3>
          <blockquote className="admin-flagged" data-testid="flagged-text">
            {shown.flaggedText ?? t('review.noText')}
          </blockquote>
          <h3>{t('review.notes')}</h3>
          {shown.notes && shown.notes.length > 0 ? (
            <ul className="admin-notes">
              {shown.notes.map((n) => (
                <li key={n.id}>
                  <span className="admin-muted">{formatTime(n.createdAt, i18n.language)}</span> {n.text}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('review.noNotes')}</p>
          )}
          <form onSubmit={saveNote} className="mb-stack">
            <TextArea
              label={t('review.addNote')}
              rows={2}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              error={noteError ?? undefined}
            />
            <Button type="submit" variant="secondary" disabled={!note.trim()}>
              {t('review.saveNote')}
            </Button>
          </form>
        </>
      ) : detail.state !== 'error' ? (
        <p role="status">{t('common.loading')}</p>
      ) : null}

      {open ? (
        <div className="mb-row admin-actions">
          {item.state === 'new' ? (
            <Button variant="secondary" onClick={onClaim} disabled={busy} aria-keyshortcuts="c">
              {t('review.claim')}
            </Button>
          ) : null}
          <Button onClick={() => onAskResolve('resolved')} disabled={busy} aria-keyshortcuts="r">
            {t('review.resolve')}
          </Button>
          <Button
            variant="secondary"
            onClick={() => onAskResolve('false_positive')}
            disabled={busy}
            aria-keyshortcuts="f"
          >
            {t('review.falsePositive')}
          </Button>
        </div>
      ) : null}

      {pending ? (
        <form
          className="admin-confirm mb-stack"
          aria-labelledby="confirm-title"
          onSubmit={(event) => {
            event.preventDefault();
            onConfirm(pending.outcome, resolutionNote.trim());
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onCancel();
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              onConfirm(pending.outcome, resolutionNote.trim());
            }
          }}
        >
          <h3 id="confirm-title">
            {pending.outcome === 'resolved' ? t('review.confirmResolve') : t('review.confirmFalsePositive')}
          </h3>
          <div className="mb-field">
            <label htmlFor="resolution-note">{t('review.resolutionNote')}</label>
            <textarea
              id="resolution-note"
              ref={confirmNote}
              className="mb-textarea"
              rows={3}
              value={resolutionNote}
              onChange={(e) => setResolutionNote(e.target.value)}
              aria-describedby="resolution-hint"
            />
            <span id="resolution-hint" className="mb-hint">
              {t('review.resolutionHint')}
            </span>
          </div>
          <div className="mb-row">
            <Button type="submit" disabled={busy}>
              {pending.outcome === 'resolved' ? t('review.resolve') : t('review.falsePositive')}
            </Button>
            <Button variant="secondary" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : null}
      {!open ? <Notice tone="success">{t(`review.states.${item.state}`)}</Notice> : null}
    </section>
  );
}
