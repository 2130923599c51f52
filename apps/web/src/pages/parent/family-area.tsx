import { Button, Card, Notice, useLoad } from '@manabee/ui';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useNavigate } from 'react-router';
import { useApis } from '../../api/hooks';
import { Shell, usePageTitle } from '../../components/shell';
import { useSession } from '../../state/session';
import { AccountPage } from './account';
import { AlertDetailPage, AlertsPage } from './alerts';
import { ChildEditPage, ChildrenPage, ConsentPage, NewChildPage } from './children-pages';
import { ControlsPage } from './controls';
import { ConversationsPage } from './conversations';
import { DevicesPage } from './devices';
import { FamilyDataPage } from './family-data';
import { NotificationsPage } from './notifications';

/** The report page (and its chart) loads on first visit, not with the rest of the parent area. */
const ReportsPage = lazy(async () => ({ default: (await import('./reports')).ReportsPage }));

function FamilyHome() {
  const { t } = useTranslation();
  const { auth } = useApis();
  usePageTitle(t('family.title'));
  const [children] = useLoad(() => auth.children(), []);
  const kids = children.state === 'ready' ? children.value : [];
  return (
    <div className="mb-stack">
      <h1>{t('family.title')}</h1>
      <p>{t('family.welcome')}</p>
      <Card aria-labelledby="next-steps">
        <h2 id="next-steps">{t('family.nextSteps')}</h2>
        <ol className="mb-steps">
          <li>
            <Link to="/family/children/new">{t('family.stepAddChild')}</Link>
            {kids.length > 0 ? ' ✓' : ''}
          </li>
          <li>
            {kids[0] ? (
              <Link to={`/family/children/${kids[0].id}/consent`}>{t('family.stepConsent')}</Link>
            ) : (
              t('family.stepConsent')
            )}
            {kids.some((k) => k.consent === 'valid') ? ' ✓' : ''}
          </li>
          <li>
            <Link to="/family/devices">{t('family.stepDevice')}</Link>
          </li>
        </ol>
      </Card>
      {children.state === 'ready' && kids.length > 0 ? (
        <section aria-labelledby="home-children">
          <h2 id="home-children">{t('children.title')}</h2>
          <ul className="mb-grid mb-plain-list">
            {kids.map((kid) => (
              <li key={kid.id} className="mb-card">
                <h3>{kid.nickname}</h3>
                <p>
                  {t('consent.status')}: {t(`consent.${kid.consent}`)}
                </p>
                <Link to={`/family/children/${kid.id}`}>{t('common.edit')}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** The parent area: only for a signed-in parent; anyone else goes to sign-in. */
export function FamilyArea() {
  const { t } = useTranslation();
  const { auth, client } = useApis();
  const navigate = useNavigate();
  const { status, me, setMe } = useSession();
  useEffect(() => {
    // Ask the server once per page load; sign-in and sign-out keep the store current after that.
    if (status !== 'unknown') return;
    let live = true;
    auth.me().then(
      (current) => live && setMe(current),
      () => live && setMe(null),
    );
    return () => {
      live = false;
    };
  }, [auth, setMe, status]);

  if (status === 'unknown') return <p role="status">{t('common.loading')}</p>;
  if (me?.role !== 'parent') return <Navigate to="/login" replace />;

  async function signOut() {
    await auth.logOut().catch(() => false);
    client.reset();
    setMe(null);
    navigate('/');
  }

  return (
    <Shell
      navLabel={t('common.familyNav')}
      nav={[
        { to: '/family', label: t('nav.family'), end: true },
        { to: '/family/children', label: t('nav.children') },
        { to: '/family/devices', label: t('nav.devices') },
        { to: '/family/alerts', label: t('nav.alerts') },
        { to: '/family/conversations', label: t('nav.conversations') },
        { to: '/family/reports', label: t('nav.reports') },
        { to: '/family/notifications', label: t('nav.notifications') },
        { to: '/family/data', label: t('nav.data') },
        { to: '/family/account', label: t('nav.account') },
      ]}
      actions={
        <Button variant="secondary" onClick={signOut}>
          {t('common.signOut')}
        </Button>
      }
    >
      {me.emailVerified === false ? <Notice tone="warning">{t('auth.signUpDone')}</Notice> : null}
      <Routes>
        <Route index element={<FamilyHome />} />
        <Route path="children" element={<ChildrenPage />} />
        <Route path="children/new" element={<NewChildPage />} />
        <Route path="children/:childId" element={<ChildEditPage />} />
        <Route path="children/:childId/consent" element={<ConsentPage />} />
        <Route path="children/:childId/controls" element={<ControlsPage />} />
        <Route path="devices" element={<DevicesPage />} />
        <Route path="alerts" element={<AlertsPage />} />
        <Route path="alerts/:alertId" element={<AlertDetailPage />} />
        <Route path="conversations" element={<ConversationsPage />} />
        <Route path="conversations/:childId" element={<ConversationsPage />} />
        <Route path="conversations/:childId/:conversationId" element={<ConversationsPage />} />
        <Route
          path="reports"
          element={
            <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
              <ReportsPage />
            </Suspense>
          }
        />
        <Route path="notifications" element={<NotificationsPage />} />
        <Route path="data" element={<FamilyDataPage />} />
        <Route path="account" element={<AccountPage />} />
        <Route path="*" element={<Navigate to="/family" replace />} />
      </Routes>
    </Shell>
  );
}
