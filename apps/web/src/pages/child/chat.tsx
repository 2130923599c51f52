import { Button, Notice } from '@manabee/ui';
import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrisisLine } from '../../api/chat';
import { useApis } from '../../api/hooks';
import { formatTime } from '../../i18n/format';
import { completeSentences } from './sentences';
import { type Recognition, recognitionLang, speechRecognition, transcriptOf } from './speech';

/** The subjects the tutor distinguishes (services/ai/src/types.ts). */
export const CHAT_SUBJECTS = ['math', 'japanese', 'english', 'science', 'social_studies', 'other'] as const;
const MAX_CHARS = 2000;
const MAX_RESUMES = 5;

interface Line {
  id: string;
  role: 'child' | 'tutor';
  text: string;
  streaming?: boolean;
  stopped?: boolean;
  notice?: string | null;
}

interface Refusal {
  message: string;
  retryAt: string | null;
}

export type StarterBand = 'lower' | 'middle' | 'upper';

export function bandForGrade(grade: number | null | undefined): StarterBand {
  if (!grade || grade <= 3) return 'lower';
  return grade <= 6 ? 'middle' : 'upper';
}

function CrisisPanel({ lines }: { lines: CrisisLine[] }) {
  const { t } = useTranslation();
  return (
    <section className="mb-crisis" role="alert" aria-labelledby="crisis-title">
      <h2 id="crisis-title">{t('child.crisisTitle')}</h2>
      <p>{t('child.crisisBody')}</p>
      <ul className="mb-plain-list mb-stack">
        {lines.map((line) => (
          <li key={`${line.country}-${line.phone}`}>
            <a
              className="mb-button mb-crisis-call"
              data-size="large"
              href={`tel:${line.phone.replace(/[^\d+]/g, '')}`}
            >
              <span aria-hidden="true">📞</span> {t('child.call', { name: line.name, phone: line.phone })}
            </a>
            <p className="mb-crisis-hours">
              <strong>{line.name}</strong> {line.phone} · {line.hours}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ChatView({ grade }: { grade?: number | null }) {
  const { t, i18n } = useTranslation();
  const { chat } = useApis();
  const inputId = useId();
  const subjectId = useId();
  const [lines, setLines] = useState<Line[]>([]);
  const [text, setText] = useState('');
  const [subject, setSubject] = useState<string>('');
  const [shownSubject, setShownSubject] = useState<string | null>(null);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [replyId, setReplyId] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [crisis, setCrisis] = useState<CrisisLine[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [spoken, setSpoken] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [listening, setListening] = useState(false);
  const [voiceNote, setVoiceNote] = useState<string | null>(null);
  const unsubscribe = useRef<(() => void) | null>(null);
  const recognition = useRef<Recognition | null>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const endRef = useRef<HTMLDivElement>(null);

  useEffect(() => () => unsubscribe.current?.(), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever the transcript changes
  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [lines]);

  const updateTutor = useCallback((id: string, change: (line: Line) => Line) => {
    setLines((all) => all.map((line) => (line.id === id ? change(line) : line)));
  }, []);

  /** Follows one reply; reconnects from the last index it saw. */
  const follow = useCallback(
    (id: string) => {
      let received = '';
      let announced = 0;
      let next = 0;
      let resumes = 0;
      let finished = false;
      const announce = (flush: boolean) => {
        const { complete, rest } = completeSentences(received);
        const ready = flush && rest.trim() ? [...complete, rest.trim()] : complete;
        if (ready.length > announced) {
          const fresh = ready.slice(announced);
          announced = ready.length;
          setSpoken((s) => [...s, ...fresh]);
        }
      };
      const subscribe = () => {
        unsubscribe.current?.();
        unsubscribe.current = chat.stream(id, next, {
          event: (event) => {
            if (event.index < next) return; // already have it (a resumed stream may repeat)
            next = event.index + 1;
            if (event.done) {
              finished = true;
              announce(true);
              const stopped = event.outcome === 'stopped';
              updateTutor(id, (line) => ({ ...line, streaming: false, stopped, notice: event.notice }));
              if (event.notice) setSpoken((s) => [...s, event.notice ?? '']);
              setStatus(stopped ? t('child.stopped') : '');
              setReplyId(null);
              return;
            }
            received += event.text;
            setStatus('');
            updateTutor(id, (line) => ({ ...line, text: line.text + event.text }));
            announce(false);
          },
          error: () => {
            if (finished) return;
            if (resumes++ < MAX_RESUMES) {
              setStatus(t('child.connectionLost'));
              setTimeout(subscribe, 500 * resumes);
            } else {
              updateTutor(id, (line) => ({ ...line, streaming: false }));
              setProblem(t('child.sendFailed'));
              setReplyId(null);
            }
          },
          complete: () => {
            if (!finished) {
              finished = true;
              announce(true);
              updateTutor(id, (line) => ({ ...line, streaming: false }));
              setReplyId(null);
            }
          },
        });
      };
      subscribe();
    },
    [chat, t, updateTutor],
  );

  async function send(message: string) {
    const trimmed = message.trim();
    if (!trimmed || sending || replyId) return;
    if (trimmed.length > MAX_CHARS) {
      setProblem(t('child.tooLong'));
      return;
    }
    setSending(true);
    setProblem(null);
    setRefusal(null);
    try {
      const result = await chat.send({ conversationId, text: trimmed, subject: subject || null });
      if (!result.accepted) {
        setRefusal({ message: result.refusalMessage ?? '', retryAt: result.retryAt });
        return;
      }
      setText('');
      setConversationId(result.conversationId);
      if (result.subject) {
        setShownSubject(result.subject);
        if (result.subjectChanged) {
          setSubject(result.subject);
          setStatus(
            t('child.subjectChanged', {
              subject: t(`subjects.${result.subject}`, { defaultValue: result.subject }),
            }),
          );
        }
      }
      if (result.crisisLines.length > 0) setCrisis(result.crisisLines);
      const childLine: Line = { id: result.messageId ?? `local-${Date.now()}`, role: 'child', text: trimmed };
      if (!result.replyId) {
        setLines((all) => [...all, childLine]);
        return;
      }
      const tutorId = result.replyId;
      setLines((all) => [...all, childLine, { id: tutorId, role: 'tutor', text: '', streaming: true }]);
      setSpoken([]);
      setStatus(t('child.thinking'));
      setReplyId(tutorId);
      follow(tutorId);
    } catch {
      setProblem(t('child.sendFailed'));
    } finally {
      setSending(false);
    }
  }

  async function stop() {
    if (!replyId) return;
    try {
      await chat.stop(replyId);
    } catch {
      // The reply may have just finished; the stream's end tells us either way.
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void send(text);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends; Shift+Enter makes a new line; never while composing kana/hanzi (IME).
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send(text);
    }
  }

  function newChat() {
    unsubscribe.current?.();
    setLines([]);
    setConversationId(null);
    setReplyId(null);
    setCrisis([]);
    setRefusal(null);
    setSpoken([]);
    setShownSubject(null);
    inputRef.current?.focus();
  }

  function voice() {
    const Constructor = speechRecognition();
    if (!Constructor) {
      setVoiceNote(t('child.voiceUnsupported'));
      return;
    }
    if (listening) {
      recognition.current?.stop();
      return;
    }
    const r = new Constructor();
    r.lang = recognitionLang(i18n.language);
    r.interimResults = true;
    r.maxAlternatives = 1;
    r.onresult = (event) => {
      const { text: heard } = transcriptOf(event);
      setText(heard);
    };
    r.onerror = () => setVoiceNote(t('child.voiceError'));
    r.onend = () => {
      setListening(false);
      inputRef.current?.focus();
    };
    recognition.current = r;
    setVoiceNote(null);
    setListening(true);
    try {
      r.start();
    } catch {
      setListening(false);
      setVoiceNote(t('child.voiceError'));
    }
  }

  const band = bandForGrade(grade);
  const starters = (['q1', 'q2', 'q3'] as const).map((q) => t(`child.starters.${band}.${q}`));
  const busy = sending || replyId !== null;

  return (
    <div className="mb-chat">
      <div className="mb-chat-top mb-row mb-spread">
        <p className="mb-subject-now">
          {t('child.subject')}:{' '}
          <strong data-testid="current-subject">
            {shownSubject || subject
              ? t(`subjects.${shownSubject ?? subject}`, { defaultValue: shownSubject ?? subject })
              : t('child.subjectAuto')}
          </strong>
        </p>
        <div className="mb-row">
          <label htmlFor={subjectId} className="mb-legend">
            {t('child.changeSubject')}
          </label>
          <select
            id={subjectId}
            className="mb-select mb-subject-select"
            value={subject}
            onChange={(e) => {
              setSubject(e.target.value);
              setShownSubject(e.target.value || null);
            }}
          >
            <option value="">{t('child.subjectAuto')}</option>
            {CHAT_SUBJECTS.map((s) => (
              <option key={s} value={s}>
                {t(`subjects.${s}`)}
              </option>
            ))}
          </select>
          <Button variant="secondary" onClick={newChat}>
            {t('child.newChat')}
          </Button>
        </div>
      </div>

      <section className="mb-transcript" aria-label={t('child.chatTitle')}>
        {lines.length === 0 ? (
          <div className="mb-stack">
            <p className="mb-bubble mb-bubble-tutor mb-greeting">{t('child.greeting')}</p>
            <h2 className="mb-h3">{t('child.startersTitle')}</h2>
            <ul className="mb-starters mb-plain-list">
              {starters.map((starter) => (
                <li key={starter}>
                  <Button variant="secondary" size="large" disabled={busy} onClick={() => void send(starter)}>
                    {starter}
                  </Button>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <ol className="mb-plain-list mb-messages">
            {lines.map((line) => (
              <li
                key={line.id}
                className={line.role === 'child' ? 'mb-bubble mb-bubble-child' : 'mb-bubble mb-bubble-tutor'}
                data-testid={line.role === 'tutor' ? 'tutor-message' : 'child-message'}
                aria-busy={line.streaming || undefined}
              >
                <span className="mb-visually-hidden">
                  {line.role === 'child' ? t('child.you') : t('child.tutor')}:{' '}
                </span>
                <span aria-hidden="true" className="mb-speaker">
                  {line.role === 'child' ? '🙂' : '🐝'}
                </span>
                <span className="mb-pre">{line.text}</span>
                {line.streaming && line.text === '' ? (
                  <span className="mb-thinking">{t('child.thinking')}</span>
                ) : null}
                {line.stopped ? <em className="mb-hint"> {t('child.stopped')}</em> : null}
                {line.notice ? <p className="mb-hint">{line.notice}</p> : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      {/* What a screen reader hears: whole sentences as they complete, never each token. */}
      <div
        className="mb-visually-hidden"
        role="log"
        aria-live="polite"
        aria-relevant="additions"
        data-testid="reply-announcer"
      >
        {spoken.map((sentence, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: sentences only ever append
          <p key={i}>{sentence}</p>
        ))}
      </div>
      <p className="mb-visually-hidden" role="status">
        {status}
      </p>

      {crisis.length > 0 ? <CrisisPanel lines={crisis} /> : null}

      {refusal ? (
        <Notice tone="warning" live="polite" className="mb-refusal">
          <h2 className="mb-h3">{t('child.refusalTitle')}</h2>
          <p>{refusal.message}</p>
          {refusal.retryAt ? (
            <p>{t('child.retryAt', { time: formatTime(refusal.retryAt, i18n.language) })}</p>
          ) : null}
        </Notice>
      ) : null}
      {problem ? (
        <Notice tone="error" live="assertive">
          {problem}
        </Notice>
      ) : null}

      <form className="mb-composer" onSubmit={submit}>
        <label htmlFor={inputId} className="mb-composer-label">
          {t('child.inputLabel')}
        </label>
        <textarea
          id={inputId}
          ref={inputRef}
          className="mb-textarea mb-composer-input"
          rows={2}
          maxLength={MAX_CHARS}
          placeholder={t('child.placeholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="mb-row mb-composer-actions">
          {replyId ? (
            <Button variant="danger" size="large" onClick={stop}>
              <span aria-hidden="true">■</span> {t('child.stop')}
            </Button>
          ) : (
            <Button type="submit" size="large" disabled={busy || text.trim() === ''}>
              {t('child.send')} <span aria-hidden="true">➤</span>
            </Button>
          )}
          <Button variant="secondary" size="large" aria-pressed={listening} onClick={voice}>
            <span aria-hidden="true">🎤</span> {listening ? t('child.voiceListening') : t('child.voice')}
          </Button>
        </div>
        {voiceNote ? (
          <Notice tone="info" live="polite">
            {voiceNote}
          </Notice>
        ) : null}
      </form>
      {/* Scrolled into view after each change: the newest message and the question box stay on screen. */}
      <div ref={endRef} />
    </div>
  );
}
