import { Button, Checkbox, Notice, TextField, useLoad } from '@manabee/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { type ParentalControls, SUBJECTS } from '../../api/auth';
import { useApis } from '../../api/hooks';
import { useErrorText } from '../../components/errors';
import { usePageTitle } from '../../components/shell';
import { LoadState } from './children-pages';

export interface ControlsValues {
  dailyMinutes: string;
  dailyMessages: string;
  allowedSubjects: string[];
  quietHours: Array<{ start: string; end: string }>;
  paused: boolean;
}

/** Keys into `controls.*` messages, by field path. Mirrors the server's rules (services/auth parental-controls). */
export type ControlsErrors = Record<
  string,
  'minutesRange' | 'messagesRange' | 'timeInvalid' | 'sameTime' | 'tooMany'
>;

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

function limit(text: string, max: number): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return 'invalid';
  const value = Number(trimmed);
  return value <= max ? value : 'invalid';
}

export function validateControls(
  values: ControlsValues,
): { ok: true; value: ParentalControls } | { ok: false; errors: ControlsErrors } {
  const errors: ControlsErrors = {};
  const dailyMinutes = limit(values.dailyMinutes, 1440);
  const dailyMessages = limit(values.dailyMessages, 10_000);
  if (dailyMinutes === 'invalid') errors.dailyMinutes = 'minutesRange';
  if (dailyMessages === 'invalid') errors.dailyMessages = 'messagesRange';
  if (values.quietHours.length > 4) errors.quietHours = 'tooMany';
  values.quietHours.forEach((period, i) => {
    if (!CLOCK.test(period.start)) errors[`quietHours.${i}.start`] = 'timeInvalid';
    if (!CLOCK.test(period.end)) errors[`quietHours.${i}.end`] = 'timeInvalid';
    if (CLOCK.test(period.start) && period.start === period.end) errors[`quietHours.${i}.end`] = 'sameTime';
  });
  if (Object.keys(errors).length > 0 || dailyMinutes === 'invalid' || dailyMessages === 'invalid')
    return { ok: false, errors };
  return {
    ok: true,
    value: {
      dailyMinutes,
      dailyMessages,
      allowedSubjects: SUBJECTS.filter((s) => values.allowedSubjects.includes(s)),
      quietHours: values.quietHours.map((p) => ({ start: p.start, end: p.end })),
    },
  };
}

export function toControlsValues(controls: ParentalControls, paused: boolean): ControlsValues {
  return {
    dailyMinutes: controls.dailyMinutes === null ? '' : String(controls.dailyMinutes),
    dailyMessages: controls.dailyMessages === null ? '' : String(controls.dailyMessages),
    allowedSubjects: [...controls.allowedSubjects],
    quietHours: controls.quietHours.map((p) => ({ ...p })),
    paused,
  };
}

export function ControlsForm({
  initial,
  onSave,
}: {
  initial: ControlsValues;
  onSave: (controls: ParentalControls, paused: boolean) => Promise<void>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<ControlsErrors>({});
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const message = (path: string) => (errors[path] ? t(`controls.${errors[path]}`) : undefined);
  const setPeriod = (i: number, key: 'start' | 'end', value: string) =>
    setValues((v) => ({
      ...v,
      quietHours: v.quietHours.map((p, j) => (j === i ? { ...p, [key]: value } : p)),
    }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = validateControls(values);
    if (!result.ok) {
      setErrors(result.errors);
      setStatus({ tone: 'error', text: t('controls.fixErrors') });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSave(result.value, values.paused);
      setStatus({ tone: 'success', text: t('controls.saved') });
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="mb-stack" onSubmit={submit} noValidate aria-label={t('nav.controls')}>
      {status ? (
        <Notice tone={status.tone} live={status.tone === 'error' ? 'assertive' : 'polite'}>
          {status.text}
        </Notice>
      ) : null}
      <Checkbox
        label={t('controls.pause')}
        checked={values.paused}
        onChange={(e) => setValues((v) => ({ ...v, paused: e.target.checked }))}
      />
      <div className="mb-grid">
        <TextField
          label={t('controls.dailyMinutes')}
          hint={t('controls.unlimitedHint')}
          inputMode="numeric"
          value={values.dailyMinutes}
          error={message('dailyMinutes')}
          onChange={(e) => setValues((v) => ({ ...v, dailyMinutes: e.target.value }))}
        />
        <TextField
          label={t('controls.dailyMessages')}
          hint={t('controls.unlimitedHint')}
          inputMode="numeric"
          value={values.dailyMessages}
          error={message('dailyMessages')}
          onChange={(e) => setValues((v) => ({ ...v, dailyMessages: e.target.value }))}
        />
      </div>
      <fieldset>
        <legend className="mb-legend">{t('controls.subjects')}</legend>
        <div className="mb-row">
          {SUBJECTS.map((subject) => (
            <Checkbox
              key={subject}
              label={t(`subjects.${subject}`)}
              checked={values.allowedSubjects.includes(subject)}
              onChange={(e) =>
                setValues((v) => ({
                  ...v,
                  allowedSubjects: e.target.checked
                    ? [...v.allowedSubjects, subject]
                    : v.allowedSubjects.filter((s) => s !== subject),
                }))
              }
            />
          ))}
        </div>
        {values.allowedSubjects.length === 0 ? <p className="mb-hint">{t('controls.subjectsNone')}</p> : null}
      </fieldset>
      <fieldset>
        <legend className="mb-legend">{t('controls.quietHours')}</legend>
        <p className="mb-hint">{t('controls.quietHelp')}</p>
        {message('quietHours') ? <p className="mb-error-text">{message('quietHours')}</p> : null}
        <ul className="mb-plain-list mb-stack">
          {values.quietHours.map((period, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: periods have no identity besides their position
            <li key={i} className="mb-row mb-quiet-row">
              <TextField
                label={`${t('controls.start')} (${i + 1})`}
                type="time"
                value={period.start}
                error={message(`quietHours.${i}.start`)}
                onChange={(e) => setPeriod(i, 'start', e.target.value)}
              />
              <TextField
                label={`${t('controls.end')} (${i + 1})`}
                type="time"
                value={period.end}
                error={message(`quietHours.${i}.end`)}
                onChange={(e) => setPeriod(i, 'end', e.target.value)}
              />
              <Button
                variant="secondary"
                onClick={() =>
                  setValues((v) => ({ ...v, quietHours: v.quietHours.filter((_, j) => j !== i) }))
                }
              >
                {t('controls.removeQuiet')}
              </Button>
            </li>
          ))}
        </ul>
        {values.quietHours.length < 4 ? (
          <Button
            variant="secondary"
            onClick={() =>
              setValues((v) => ({ ...v, quietHours: [...v.quietHours, { start: '21:00', end: '07:00' }] }))
            }
          >
            {t('controls.addQuiet')}
          </Button>
        ) : null}
      </fieldset>
      <Button type="submit" disabled={busy}>
        {t('common.save')}
      </Button>
    </form>
  );
}

export function ControlsPage() {
  const { t } = useTranslation();
  const { childId = '' } = useParams();
  const { auth } = useApis();
  const [loaded] = useLoad(async () => {
    const [child, controls] = await Promise.all([auth.child(childId), auth.parentalControls(childId)]);
    return { child, controls };
  }, [childId]);
  usePageTitle(t('controls.title', { name: loaded.state === 'ready' ? loaded.value.child.nickname : '' }));
  return (
    <LoadState load={loaded}>
      {({ child, controls }) => (
        <div className="mb-stack mb-narrow">
          <h1>{t('controls.title', { name: child.nickname })}</h1>
          <ControlsForm
            initial={toControlsValues(controls, child.paused)}
            onSave={async (next, paused) => {
              await auth.updateParentalControls(child.id, next);
              if (paused !== child.paused) await auth.updateChild(child.id, { paused });
            }}
          />
        </div>
      )}
    </LoadState>
  );
}
