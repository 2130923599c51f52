import type { i18n as I18n } from 'i18next';
import { type ComponentType, lazy, type ReactNode, Suspense } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import type { GraphQLClient } from './api/client';
import { ClientProvider } from './api/context';
import { FocusMainOnNavigate } from './components/shell';

/** Route-level code splitting: each area is its own chunk, loaded on first visit. */
function page<M>(load: () => Promise<M>, pick: (module: M) => ComponentType) {
  return lazy(async () => ({ default: pick(await load()) }));
}

const Landing = page(
  () => import('./pages/landing'),
  (m) => m.LandingPage,
);
const publicPages = () => import('./pages/parent/auth-pages');
const SignUp = page(publicPages, (m) => m.SignUpPage);
const VerifyEmail = page(publicPages, (m) => m.VerifyEmailPage);
const SignIn = page(publicPages, (m) => m.SignInPage);
const ForgotPassword = page(publicPages, (m) => m.ForgotPasswordPage);
const ResetPassword = page(publicPages, (m) => m.ResetPasswordPage);
const Unlock = page(publicPages, (m) => m.UnlockPage);
const FamilyArea = page(
  () => import('./pages/parent/family-area'),
  (m) => m.FamilyArea,
);
const childPages = () => import('./pages/child/child-area');
const ChildArea = page(childPages, (m) => m.ChildArea);
const ChildLink = page(childPages, (m) => m.ChildLinkPage);
const ChildSignIn = page(childPages, (m) => m.ChildSignInPage);
const FamilyDeleted = page(
  () => import('./pages/family-deleted'),
  (m) => m.FamilyDeletedPage,
);
const NotFound = page(
  () => import('./pages/not-found'),
  (m) => m.NotFoundPage,
);

function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="mb-loading">
      {t('common.loading')}
    </p>
  );
}

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

export function App({ client, i18n }: { client: GraphQLClient; i18n: I18n }) {
  return (
    <Providers client={client} i18n={i18n}>
      <BrowserRouter>
        <FocusMainOnNavigate />
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<Landing />} />
            <Route path="/signup" element={<SignUp />} />
            <Route path="/verify-email" element={<VerifyEmail />} />
            <Route path="/login" element={<SignIn />} />
            <Route path="/forgot-password" element={<ForgotPassword />} />
            <Route path="/reset-password" element={<ResetPassword />} />
            <Route path="/unlock" element={<Unlock />} />
            <Route path="/family/*" element={<FamilyArea />} />
            <Route path="/family-deleted" element={<FamilyDeleted />} />
            <Route path="/learn/link" element={<ChildLink />} />
            <Route path="/child/link" element={<ChildLink />} />
            <Route path="/learn/signin" element={<ChildSignIn />} />
            <Route path="/learn" element={<ChildArea />} />
            <Route path="/child" element={<ChildArea />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </BrowserRouter>
    </Providers>
  );
}
