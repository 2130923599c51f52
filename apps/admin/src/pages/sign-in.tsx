import { Button, Card, Notice, TextField } from '@manabee/ui';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../api/context';
import { enrollTotp, operatorLogIn, verifyTotp } from '../api/operations';
import { useErrorText } from '../components/errors';
import { useSession } from '../state/session';

type Step = { kind: 'password' } | { kind: 'enroll'; otpauthUri: string; qrDataUrl: string };

const secretOf = (uri: string) => new URL(uri).searchParams.get('secret') ?? '';

/** Password and one-time code; on the first sign-in, enrolment with the QR code the server draws. */
export function SignInPage() {
  const { t } = useTranslation();
  const client = useClient();
  const setMe = useSession((s) => s.setMe);
  const errorText = useErrorText();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${t('signIn.title')} · ${t('common.appName')}`;
  }, [t]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves to the heading whenever the step changes.
  useEffect(() => heading.current?.focus(), [step.kind]);

  const logIn = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await operatorLogIn(client, { email, password, ...(code ? { totpCode: code } : {}) });
      if (result.totpEnrollmentRequired) {
        const enrollment = await enrollTotp(client);
        setCode('');
        setStep({ kind: 'enroll', ...enrollment });
      } else setMe(result.me);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setMe(await verifyTotp(client, code.trim()));
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="admin-signin">
      <Card>
        {step.kind === 'password' ? (
          <form onSubmit={logIn} aria-labelledby="signin-title" className="mb-stack">
            <h1 id="signin-title" ref={heading} tabIndex={-1}>
              {t('signIn.title')}
            </h1>
            <TextField
              label={t('signIn.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            <TextField
              label={t('signIn.password')}
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <TextField
              label={t('signIn.code')}
              hint={t('signIn.codeHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            {error ? (
              <Notice tone="error" live="assertive">
                {error}
              </Notice>
            ) : null}
            <Button type="submit" disabled={busy}>
              {t('signIn.submit')}
            </Button>
          </form>
        ) : (
          <form onSubmit={verify} aria-labelledby="enroll-title" className="mb-stack">
            <h1 id="enroll-title" ref={heading} tabIndex={-1}>
              {t('signIn.enrollTitle')}
            </h1>
            <p>{t('signIn.enrollIntro')}</p>
            <img src={step.qrDataUrl} alt={t('signIn.qrAlt')} width={256} height={256} />
            <p>
              {t('signIn.secret')}: <code data-testid="totp-secret">{secretOf(step.otpauthUri)}</code>
            </p>
            <TextField
              label={t('signIn.code')}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            {error ? (
              <Notice tone="error" live="assertive">
                {error}
              </Notice>
            ) : null}
            <Button type="submit" disabled={busy}>
              {t('signIn.verify')}
            </Button>
          </form>
        )}
      </Card>
    </main>
  );
}
