import { Button, SkipLink } from '@manabee/ui';
import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation } from 'react-router';
import { changeLanguage, isLanguage, LANGUAGES } from '../i18n/index';
import { usePreferences } from '../state/preferences';

export function LanguageSelect({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="mb-row" style={{ gap: '0.5rem' }}>
      <label htmlFor={id} className={compact ? 'mb-visually-hidden' : undefined}>
        {t('common.language')}
      </label>
      <select
        id={id}
        className="mb-select"
        style={{ width: 'auto' }}
        value={i18n.language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) void changeLanguage(i18n, event.target.value);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`languages.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ContrastToggle() {
  const { t } = useTranslation();
  const theme = usePreferences((s) => s.theme);
  const setTheme = usePreferences((s) => s.setTheme);
  const on = theme === 'high-contrast';
  return (
    <Button variant="secondary" aria-pressed={on} onClick={() => setTheme(on ? 'default' : 'high-contrast')}>
      <span aria-hidden="true">◐</span> {t('common.highContrast')}
    </Button>
  );
}

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** Page title follows the route (WCAG 2.4.2) and focus moves to the main heading on navigation. */
export function usePageTitle(title: string): void {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} | ${t('common.appName')}`;
  }, [title, t]);
}

export function FocusMainOnNavigate() {
  const location = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation (a new location key)
  useEffect(() => {
    // Not on the first page of a visit (or a reload): the browser's own focus start is right there.
    if (first.current) {
      first.current = false;
      return;
    }
    // Lazy routes render a moment later: look for the new page's heading for up to a second.
    let tries = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const focusHeading = () => {
      const heading = document.querySelector<HTMLElement>('main h1');
      if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: false });
      } else if (tries++ < 20) timer = setTimeout(focusHeading, 50);
    };
    focusHeading();
    return () => clearTimeout(timer);
  }, [location.key]);
  return null;
}

export function Shell({
  nav,
  navLabel,
  actions,
  children,
  variant = 'default',
}: {
  nav: NavItem[];
  navLabel: string;
  actions?: ReactNode;
  children: ReactNode;
  variant?: 'default' | 'child';
}) {
  const { t } = useTranslation();
  return (
    <div className={variant === 'child' ? 'mb-shell mb-child' : 'mb-shell'}>
      <SkipLink target="main">{t('common.skipToContent')}</SkipLink>
      <header className="mb-header">
        <div className="mb-header-inner">
          <Link to="/" className="mb-brand">
            <img src="/icon.svg" alt="" width="36" height="36" />
            {t('common.appName')}
          </Link>
          {nav.length > 0 ? (
            <nav className="mb-nav" aria-label={navLabel}>
              <ul>
                {nav.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.end}>
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          <div className="mb-row">
            <LanguageSelect compact />
            <ContrastToggle />
            {actions}
          </div>
        </div>
      </header>
      <main id="main" className="mb-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="mb-footer">
        <div className="mb-footer-inner">
          <p>{t('common.footer')}</p>
        </div>
      </footer>
    </div>
  );
}

export function PublicShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Shell
      navLabel={t('common.mainNav')}
      nav={[
        { to: '/', label: t('nav.home'), end: true },
        { to: '/signup', label: t('nav.signUp') },
        { to: '/login', label: t('nav.signIn') },
        { to: '/learn/signin', label: t('nav.childSignIn') },
      ]}
    >
      {children}
    </Shell>
  );
}

export { isLanguage };
