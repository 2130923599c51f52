import { Button, Card, Checkbox, Notice, TextField } from '@manabee/ui';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { GraphQLRequestError } from '../../api/client';
import { useApis } from '../../api/hooks';
import { useErrorText } from '../../components/errors';
import { PublicShell, usePageTitle } from '../../components/shell';
import { clearTokenFromUrl, tokenFromLocation } from '../../components/token';
import { useSession } from '../../state/session';

type Status = { tone: 'success' | 'error'; text: string } | null;

function StatusNotice({ status }: { status: Status }) {
  if (!status) return null;
  return (
    <Notice tone={status.tone} live={status.tone === 'error' ? 'assertive' : 'polite'}>
      {status.text}
    </Notice>
  );
}

function FormPage({ title, children }: { title: string; children: React.ReactNode }) {
  usePageTitle(title);
  return (
    <PublicShell>
      <div className="mb-narrow">
        <Card aria-labelledby="page-title">
          <h1 id="page-title">{title}</h1>
          {children}
        </Card>
      </div>
    </PublicShell>
  );
}

/** Whether the server's VALIDATION_FAILED names this field (its messages are codes, not prose). */
function hasIssue(error: unknown, field: string): boolean {
  if (!(error instanceof GraphQLRequestError)) return false;
  return (
    error.errors[0]?.extensions?.issues?.some((i) => i.path === field || i.path.endsWith(`.${field}`)) ??
    false
  );
}

export function SignUpPage() {
  const { t, i18n } = useTranslation();
  const { auth } = useApis();
  const errorText = useErrorText();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setStatus(null);
    setError(null);
    try {
      await auth.signUp({
        email,
        password,
        locale: i18n.language,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      });
      setStatus({ tone: 'success', text: t('auth.signUpDone') });
    } catch (caught) {
      setError(caught);
      setStatus({ tone: 'error', text: errorText(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <FormPage title={t('auth.signUpTitle')}>
      <form className="mb-stack" onSubmit={submit} noValidate>
        <StatusNotice status={status} />
        <TextField
          label={t('auth.email')}
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={hasIssue(error, 'email') ? t('auth.emailInvalid') : undefined}
        />
        <TextField
          label={t('auth.password')}
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={12}
          hint={t('auth.passwordHint')}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={hasIssue(error, 'password') ? t('auth.passwordRejected') : undefined}
        />
        <Button type="submit" disabled={busy}>
          {t('auth.signUpSubmit')}
        </Button>
        <p>
          <Link to="/login">{t('auth.haveAccount')}</Link>
        </p>
      </form>
    </FormPage>
  );
}

/** Runs a one-shot token action (verify, unlock) once, even under StrictMode's double effects. */
function useTokenAction(action: (token: string) => Promise<unknown>) {
  const location = useLocation();
  const [state, setState] = useState<'missing' | 'working' | 'done' | 'failed'>('working');
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = tokenFromLocation(location);
    if (!token) {
      setState('missing');
      return;
    }
    clearTokenFromUrl();
    action(token).then(
      () => setState('done'),
      () => setState('failed'),
    );
  }, [action, location]);
  return state;
}

export function VerifyEmailPage() {
  const { t } = useTranslation();
  const { auth } = useApis();
  const state = useTokenAction(auth.verifyEmail);
  return (
    <FormPage title={t('auth.verifyTitle')}>
      {state === 'working' ? <p role="status">{t('auth.verifying')}</p> : null}
      {state === 'done' ? (
        <div className="mb-stack">
          <Notice tone="success" live="polite">
            {t('auth.verified')}
          </Notice>
          <Link className="mb-button" to="/login">
            {t('auth.signInSubmit')}
          </Link>
        </div>
      ) : null}
      {state === 'failed' ? (
        <Notice tone="error" live="assertive">
          {t('auth.verifyFailed')}
        </Notice>
      ) : null}
      {state === 'missing' ? <Notice tone="error">{t('auth.missingToken')}</Notice> : null}
    </FormPage>
  );
}

export function UnlockPage() {
  const { t } = useTranslation();
  const { auth } = useApis();
  const state = useTokenAction(auth.unlockAccount);
  return (
    <FormPage title={t('auth.unlockTitle')}>
      {state === 'working' ? <p role="status">{t('common.loading')}</p> : null}
      {state === 'done' ? (
        <Notice tone="success" live="polite">
          {t('auth.unlocked')} <Link to="/login">{t('auth.signInSubmit')}</Link>
        </Notice>
      ) : null}
      {state === 'failed' ? <Notice tone="error">{t('auth.verifyFailed')}</Notice> : null}
      {state === 'missing' ? <Notice tone="error">{t('auth.missingToken')}</Notice> : null}
    </FormPage>
  );
}

export function SignInPage() {
  const { t } = useTranslation();
  const { auth, client } = useApis();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const setMe = useSession((s) => s.setMe);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setStatus(null);
    try {
      const me = await auth.logIn({ email, password, remember });
      client.reset();
      setMe(me);
      navigate('/family');
    } catch (caught) {
      const code = caught instanceof GraphQLRequestError ? caught.code : '';
      setStatus({
        tone: 'error',
        text:
          code === 'UNAUTHENTICATED' || code === 'VALIDATION_FAILED'
            ? t('auth.signInFailed')
            : errorText(caught),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <FormPage title={t('auth.signInTitle')}>
      <form className="mb-stack" onSubmit={submit} noValidate>
        <StatusNotice status={status} />
        <TextField
          label={t('auth.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label={t('auth.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Checkbox
          label={t('auth.remember')}
          checked={remember}
          onChange={(e) => setRemember(e.target.checked)}
        />
        <Button type="submit" disabled={busy}>
          {t('auth.signInSubmit')}
        </Button>
        <p className="mb-row">
          <Link to="/forgot-password">{t('auth.forgot')}</Link>
          <Link to="/signup">{t('auth.noAccount')}</Link>
        </p>
      </form>
    </FormPage>
  );
}

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const { auth } = useApis();
  const errorText = useErrorText();
  const [email, setEmail] = useState('');
  const [status, setStatus] = useState<Status>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await auth.requestPasswordReset(email);
      setStatus({ tone: 'success', text: t('auth.resetRequestDone') });
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    }
  }
  return (
    <FormPage title={t('auth.resetRequestTitle')}>
      <form className="mb-stack" onSubmit={submit} noValidate>
        <StatusNotice status={status} />
        <TextField
          label={t('auth.email')}
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <Button type="submit">{t('auth.resetRequestSubmit')}</Button>
      </form>
    </FormPage>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { auth } = useApis();
  const errorText = useErrorText();
  const location = useLocation();
  const [token] = useState(() => tokenFromLocation(location));
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<Status>(null);
  useEffect(() => {
    if (token) clearTokenFromUrl();
  }, [token]);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!token) return;
    try {
      await auth.resetPassword(token, password);
      setStatus({ tone: 'success', text: t('auth.resetDone') });
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    }
  }
  return (
    <FormPage title={t('auth.resetTitle')}>
      {token ? (
        <form className="mb-stack" onSubmit={submit} noValidate>
          <StatusNotice status={status} />
          <TextField
            label={t('auth.newPassword')}
            type="password"
            autoComplete="new-password"
            required
            minLength={12}
            hint={t('auth.passwordHint')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Button type="submit">{t('auth.resetSubmit')}</Button>
          {status?.tone === 'success' ? <Link to="/login">{t('auth.signInSubmit')}</Link> : null}
        </form>
      ) : (
        <Notice tone="error">{t('auth.missingToken')}</Notice>
      )}
    </FormPage>
  );
}
