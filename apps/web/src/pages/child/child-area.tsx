import { Button, Card, Notice, TextField } from '@manabee/ui';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { useApis } from '../../api/hooks';
import { Shell, usePageTitle } from '../../components/shell';
import { clearTokenFromUrl, tokenFromLocation } from '../../components/token';
import { changeLanguage, isLanguage } from '../../i18n/index';
import { useSession } from '../../state/session';
import { ChatView } from './chat';

function ChildShell({ children, actions }: { children: React.ReactNode; actions?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Shell variant="child" nav={[]} navLabel={t('common.mainNav')} actions={actions}>
      {children}
    </Shell>
  );
}

/** The child's own space: only with a child session (from a device link or family code + PIN). */
export function ChildArea() {
  const { t, i18n } = useTranslation();
  const { auth, client } = useApis();
  const navigate = useNavigate();
  const { status, me, setMe } = useSession();
  const [grade, setGrade] = useState<number | null>(null);
  usePageTitle(t('child.chatTitle'));

  useEffect(() => {
    if (status !== 'unknown') return;
    auth.me().then(setMe, () => setMe(null));
  }, [auth, setMe, status]);

  useEffect(() => {
    if (me?.role !== 'child' || !me.childId) return;
    if (me.locale && isLanguage(me.locale) && me.locale !== i18n.language)
      void changeLanguage(i18n, me.locale, false);
    // A child may not be allowed to read its own profile; then starters fall back to the youngest band.
    auth.child(me.childId).then(
      (child) => setGrade(child.grade),
      () => setGrade(null),
    );
  }, [auth, me, i18n]);

  if (status === 'unknown') return <p role="status">{t('common.loading')}</p>;
  if (me?.role !== 'child') return <Navigate to="/learn/signin" replace />;

  async function finish() {
    await auth.logOut().catch(() => false);
    client.reset();
    setMe(null);
    navigate('/learn/signin');
  }

  return (
    <ChildShell
      actions={
        <Button variant="secondary" onClick={finish}>
          {t('child.signOut')}
        </Button>
      }
    >
      <h1 className="mb-child-title">
        <span aria-hidden="true">🐝</span> {t('child.chatTitle')}
      </h1>
      <ChatView grade={grade} />
    </ChildShell>
  );
}

export function ChildLinkPage() {
  const { t } = useTranslation();
  const { auth, client } = useApis();
  const location = useLocation();
  const navigate = useNavigate();
  const setMe = useSession((s) => s.setMe);
  const [failed, setFailed] = useState(false);
  const started = useRef(false);
  usePageTitle(t('child.signInTitle'));

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = tokenFromLocation(location);
    clearTokenFromUrl();
    if (!token) {
      setFailed(true);
      return;
    }
    auth.childSignInWithLink(token).then(
      (me) => {
        client.reset();
        setMe(me);
        navigate('/learn', { replace: true });
      },
      () => setFailed(true),
    );
  }, [auth, client, location, navigate, setMe]);

  return (
    <ChildShell>
      <div className="mb-narrow mb-stack">
        <h1>{t('child.signInTitle')}</h1>
        {failed ? (
          <>
            <Notice tone="warning" live="polite">
              {t('child.linkFailed')}
            </Notice>
            <Link className="mb-button" data-size="large" to="/learn/signin">
              {t('child.pinTitle')}
            </Link>
          </>
        ) : (
          <p role="status">{t('child.linkSigningIn')}</p>
        )}
      </div>
    </ChildShell>
  );
}

export function ChildSignInPage() {
  const { t } = useTranslation();
  const { auth, client } = useApis();
  const navigate = useNavigate();
  const setMe = useSession((s) => s.setMe);
  const [familyCode, setFamilyCode] = useState('');
  const [nickname, setNickname] = useState('');
  const [pin, setPin] = useState('');
  const [failed, setFailed] = useState(false);
  usePageTitle(t('child.pinTitle'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailed(false);
    try {
      const me = await auth.childSignInWithPin(familyCode.trim(), nickname.trim(), pin);
      client.reset();
      setMe(me);
      navigate('/learn');
    } catch {
      setFailed(true);
    }
  }

  return (
    <ChildShell>
      <div className="mb-narrow">
        <Card aria-labelledby="child-signin">
          <h1 id="child-signin">{t('child.signInTitle')}</h1>
          <h2>{t('child.pinTitle')}</h2>
          <form className="mb-stack" onSubmit={submit} noValidate>
            {failed ? (
              <Notice tone="warning" live="assertive">
                {t('child.pinFailed')}
              </Notice>
            ) : null}
            <TextField
              label={t('child.familyCode')}
              autoComplete="off"
              autoCapitalize="characters"
              value={familyCode}
              onChange={(e) => setFamilyCode(e.target.value)}
            />
            <TextField
              label={t('child.nickname')}
              autoComplete="nickname"
              value={nickname}
              onChange={(e) => setNickname(e.target.value)}
            />
            <TextField
              label={t('child.pin')}
              type="password"
              inputMode="numeric"
              autoComplete="current-password"
              value={pin}
              onChange={(e) => setPin(e.target.value)}
            />
            <Button type="submit" size="large">
              {t('child.enter')}
            </Button>
          </form>
        </Card>
      </div>
    </ChildShell>
  );
}
