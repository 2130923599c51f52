import { Button, Card, type Load, Notice, SelectField, TextField, useLoad } from '@manabee/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { AVATARS, type Child, type ChildInput, LANGUAGES, type Language } from '../../api/auth';
import { useApis } from '../../api/hooks';
import { Avatar } from '../../components/avatar';
import { useErrorText } from '../../components/errors';
import { usePageTitle } from '../../components/shell';
import { isLanguage } from '../../i18n/index';

export function LoadState<T>({ load, children }: { load: Load<T>; children: (value: T) => React.ReactNode }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  if (load.state === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (load.state === 'error')
    return (
      <Notice tone="error" live="assertive">
        {errorText(load.error)}
      </Notice>
    );
  return <>{children(load.value)}</>;
}

export function ChildrenPage() {
  const { t } = useTranslation();
  const { auth } = useApis();
  usePageTitle(t('children.title'));
  const [children] = useLoad(() => auth.children(), []);
  return (
    <div className="mb-stack">
      <div className="mb-row mb-spread">
        <h1>{t('children.title')}</h1>
        <Link className="mb-button" to="/family/children/new">
          {t('children.add')}
        </Link>
      </div>
      <LoadState load={children}>
        {(kids) =>
          kids.length === 0 ? (
            <p>{t('children.empty')}</p>
          ) : (
            <ul className="mb-grid mb-plain-list">
              {kids.map((kid) => (
                <li key={kid.id} className="mb-card mb-stack">
                  <h2 className="mb-row">
                    <Avatar avatar={kid.avatar} /> {kid.nickname}
                  </h2>
                  <p>
                    {kid.grade ? t('children.gradeLabel', { grade: kid.grade }) : null}
                    {kid.paused ? <span className="mb-badge">{t('children.paused')}</span> : null}
                  </p>
                  <p>
                    {t('consent.status')}: <strong>{t(`consent.${kid.consent}`)}</strong>
                  </p>
                  <ul className="mb-row mb-plain-list">
                    <li>
                      <Link
                        to={`/family/children/${kid.id}`}
                        aria-label={`${t('common.edit')}: ${kid.nickname}`}
                      >
                        {t('common.edit')}
                      </Link>
                    </li>
                    <li>
                      <Link
                        to={`/family/children/${kid.id}/consent`}
                        aria-label={`${t('children.consent')}: ${kid.nickname}`}
                      >
                        {t('children.consent')}
                      </Link>
                    </li>
                    <li>
                      <Link
                        to={`/family/children/${kid.id}/controls`}
                        aria-label={`${t('children.controls')}: ${kid.nickname}`}
                      >
                        {t('children.controls')}
                      </Link>
                    </li>
                  </ul>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </div>
  );
}

interface ChildFormValues {
  nickname: string;
  grade: string;
  language: Language;
  avatar: string;
  birthYear: string;
  pin: string;
}

function toValues(child: Child | null, fallbackLanguage: Language): ChildFormValues {
  return {
    nickname: child?.nickname ?? '',
    grade: child?.grade ? String(child.grade) : '',
    language: child?.language ?? fallbackLanguage,
    avatar: child?.avatar ?? 'bee',
    birthYear: child?.birthYear ? String(child.birthYear) : '',
    pin: '',
  };
}

function ChildForm({ child, onSaved }: { child: Child | null; onSaved: (child: Child) => void }) {
  const { t, i18n } = useTranslation();
  const { auth } = useApis();
  const errorText = useErrorText();
  const [values, setValues] = useState(() =>
    toValues(child, isLanguage(i18n.language) ? i18n.language : 'ja'),
  );
  const [errors, setErrors] = useState<Partial<Record<keyof ChildFormValues, string>>>({});
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ChildFormValues>(key: K, value: ChildFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (values.nickname.trim() === '') found.nickname = t('children.nicknameRequired');
    if (values.pin !== '' && !/^\d{4,8}$/.test(values.pin)) found.pin = t('children.pinInvalid');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const input: ChildInput = {
      nickname: values.nickname.trim(),
      grade: values.grade ? Number(values.grade) : null,
      language: values.language,
      avatar: values.avatar,
      birthYear: values.birthYear ? Number(values.birthYear) : null,
      ...(values.pin ? { pin: values.pin } : {}),
    };
    setBusy(true);
    setStatus(null);
    try {
      onSaved(child ? await auth.updateChild(child.id, input) : await auth.addChild(input));
    } catch (caught) {
      setStatus(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  const gradeOptions = [
    { value: '', label: t('children.gradeNone') },
    ...Array.from({ length: 9 }, (_, i) => ({
      value: String(i + 1),
      label: t('children.gradeLabel', { grade: i + 1 }),
    })),
  ];

  return (
    <form className="mb-stack" onSubmit={submit} noValidate>
      {status ? (
        <Notice tone="error" live="assertive">
          {status}
        </Notice>
      ) : null}
      <TextField
        label={t('children.nickname')}
        hint={t('children.nicknameHint')}
        required
        maxLength={80}
        value={values.nickname}
        error={errors.nickname}
        onChange={(e) => set('nickname', e.target.value)}
      />
      <SelectField
        label={t('children.grade')}
        value={values.grade}
        options={gradeOptions}
        onChange={(e) => set('grade', e.target.value)}
      />
      <SelectField
        label={t('children.language')}
        value={values.language}
        options={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
        onChange={(e) => isLanguage(e.target.value) && set('language', e.target.value)}
      />
      <fieldset>
        <legend className="mb-legend">{t('children.avatar')}</legend>
        <div className="mb-row">
          {AVATARS.map((avatar) => (
            <label key={avatar} className="mb-check mb-avatar-choice">
              <input
                type="radio"
                name="avatar"
                value={avatar}
                checked={values.avatar === avatar}
                onChange={() => set('avatar', avatar)}
              />
              <Avatar avatar={avatar} size={1.5} />
              <span>{t(`avatars.${avatar}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <TextField
        label={t('children.birthYear')}
        type="number"
        inputMode="numeric"
        min={2000}
        max={2030}
        value={values.birthYear}
        onChange={(e) => set('birthYear', e.target.value)}
      />
      <TextField
        label={t('children.pin')}
        hint={t('children.pinHint')}
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        value={values.pin}
        error={errors.pin}
        onChange={(e) => set('pin', e.target.value)}
      />
      <Button type="submit" disabled={busy}>
        {t('children.saveChild')}
      </Button>
    </form>
  );
}

export function NewChildPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  usePageTitle(t('children.addTitle'));
  return (
    <div className="mb-narrow">
      <Card aria-labelledby="add-child">
        <h1 id="add-child">{t('children.addTitle')}</h1>
        <ChildForm child={null} onSaved={(child) => navigate(`/family/children/${child.id}/consent`)} />
      </Card>
    </div>
  );
}

export function ChildEditPage() {
  const { t } = useTranslation();
  const { childId = '' } = useParams();
  const { auth } = useApis();
  const [child] = useLoad(() => auth.child(childId), [childId]);
  const [saved, setSaved] = useState(false);
  usePageTitle(t('children.editTitle', { name: child.state === 'ready' ? child.value.nickname : '' }));
  return (
    <LoadState load={child}>
      {(value) => (
        <div className="mb-narrow mb-stack">
          <h1>{t('children.editTitle', { name: value.nickname })}</h1>
          <ul className="mb-row mb-plain-list">
            <li>
              <Link to={`/family/children/${value.id}/consent`}>{t('children.consent')}</Link>
            </li>
            <li>
              <Link to={`/family/children/${value.id}/controls`}>{t('children.controls')}</Link>
            </li>
            <li>
              <Link to="/family/devices">{t('children.devices')}</Link>
            </li>
          </ul>
          {saved ? (
            <Notice tone="success" live="polite">
              {t('common.saved')}
            </Notice>
          ) : null}
          <Card>
            <ChildForm child={value} onSaved={() => setSaved(true)} />
          </Card>
        </div>
      )}
    </LoadState>
  );
}

export function ConsentPage() {
  const { t } = useTranslation();
  const { childId = '' } = useParams();
  const { auth } = useApis();
  const errorText = useErrorText();
  const [child, reload] = useLoad(() => auth.child(childId), [childId]);
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const name = child.state === 'ready' ? child.value.nickname : '';
  usePageTitle(t('consent.title', { name }));

  async function give(event: FormEvent) {
    event.preventDefault();
    try {
      await auth.giveConsent(childId, password);
      setPassword('');
      setStatus({ tone: 'success', text: t('consent.given') });
      reload();
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    }
  }
  async function withdraw() {
    try {
      await auth.withdrawConsent(childId);
      setStatus({ tone: 'success', text: t('consent.withdrawnDone', { name }) });
      reload();
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    }
  }

  return (
    <LoadState load={child}>
      {(value) => (
        <div className="mb-narrow mb-stack">
          <h1>{t('consent.title', { name: value.nickname })}</h1>
          {status ? (
            <Notice tone={status.tone} live={status.tone === 'error' ? 'assertive' : 'polite'}>
              {status.text}
            </Notice>
          ) : null}
          <p>
            {t('consent.status')}:{' '}
            <strong data-testid="consent-status">{t(`consent.${value.consent}`)}</strong>
          </p>
          <Card>
            <p>{t('consent.explain', { name: value.nickname })}</p>
            {value.consent === 'valid' ? (
              <div className="mb-row">
                <Link className="mb-button" to="/family/devices">
                  {t('family.stepDevice')}
                </Link>
                <Button variant="danger" onClick={withdraw}>
                  {t('consent.withdraw')}
                </Button>
              </div>
            ) : (
              <form className="mb-stack" onSubmit={give} noValidate>
                <TextField
                  label={t('consent.passwordLabel')}
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
                <Button type="submit">{t('consent.give')}</Button>
              </form>
            )}
          </Card>
        </div>
      )}
    </LoadState>
  );
}
