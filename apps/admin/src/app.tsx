import type { i18n as I18n } from 'i18next';
import { type ComponentType, lazy, type ReactNode, Suspense, useEffect } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { type Capability, can, visibleSections } from './access';
import type { GraphQLClient } from './api/client';
import { ClientProvider, useClient } from './api/context';
import { fetchMe } from './api/operations';
import { Shell } from './components/shell';
import { SignInPage } from './pages/sign-in';
import { useSession } from './state/session';

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

// Each section loads on navigation: the entry holds the shell and the sign-in only.
const SafetyPage = page(() => import('./pages/safety/review-queue'), 'ReviewQueuePage');
const UsersSearchPage = page(() => import('./pages/users/search'), 'UsersSearchPage');
const AccountPage = page(() => import('./pages/users/account'), 'AccountPage');
const OrganizationPage = page(() => import('./pages/users/organization'), 'OrganizationPage');
const ContentPage = page(() => import('./pages/content/content'), 'ContentPage');
const AuditPage = page(() => import('./pages/audit'), 'AuditPage');
const SystemPage = page(() => import('./pages/system'), 'SystemPage');

export function Providers({
  client,
  i18n,
  children,
}: {
  client: GraphQLClient;
  i18n: I18n;
  children: ReactNode;
}) {
  return (
    <I18nextProvider i18n={i18n}>
      <ClientProvider client={client}>{children}</ClientProvider>
    </I18nextProvider>
  );
}

function Loading() {
  const { t } = useTranslation();
  return (
    <p className="admin-loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** Only roles that may use a section reach it; others see a plain "not allowed" page. */
function Guard({ needs, children }: { needs: Capability; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession((s) => s.session);
  if (session.status !== 'signed-in') return null;
  if (!can(session.me, needs))
    return (
      <section aria-labelledby="forbidden-title" className="admin-page">
        <h1 id="forbidden-title">{t('errors.forbiddenTitle')}</h1>
        <p>{t('errors.FORBIDDEN')}</p>
      </section>
    );
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function Home() {
  const session = useSession((s) => s.session);
  if (session.status !== 'signed-in') return null;
  const first = visibleSections(session.me)[0];
  return <Navigate to={first ? `/${first.path}` : '/none'} replace />;
}

function Routed() {
  const client = useClient();
  const session = useSession((s) => s.session);
  const setMe = useSession((s) => s.setMe);
  useEffect(() => {
    if (session.status !== 'unknown') return;
    fetchMe(client).then(setMe, () => setMe(null));
  }, [client, session.status, setMe]);

  if (session.status === 'unknown') return <Loading />;
  if (session.status === 'signed-out') return <SignInPage />;
  return (
    <Shell>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route
          path="/safety"
          element={
            <Guard needs="review.read">
              <SafetyPage />
            </Guard>
          }
        />
        <Route
          path="/users"
          element={
            <Guard needs="users.search">
              <UsersSearchPage />
            </Guard>
          }
        />
        <Route
          path="/users/accounts/:id"
          element={
            <Guard needs="users.search">
              <AccountPage />
            </Guard>
          }
        />
        <Route
          path="/users/organizations/:id"
          element={
            <Guard needs="users.search">
              <OrganizationPage />
            </Guard>
          }
        />
        <Route
          path="/content"
          element={
            <Guard needs="keywords.read">
              <ContentPage />
            </Guard>
          }
        />
        <Route
          path="/audit"
          element={
            <Guard needs="audit.read">
              <AuditPage />
            </Guard>
          }
        />
        <Route
          path="/system"
          element={
            <Guard needs="system.read">
              <SystemPage />
            </Guard>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Shell>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section className="admin-page" aria-labelledby="nf-title">
      <h1 id="nf-title">{t('errors.notFoundTitle')}</h1>
    </section>
  );
}

export function App({ client, i18n }: { client: GraphQLClient; i18n: I18n }) {
  return (
    <Providers client={client} i18n={i18n}>
      <BrowserRouter basename="/admin">
        <Routed />
      </BrowserRouter>
    </Providers>
  );
}
