import { applyTheme, readTheme, SkipLink } from '@manabee/ui';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { rolesOf, visibleSections } from '../access';
import { useClient } from '../api/context';
import { logOut } from '../api/operations';
import { changeLanguage, isLanguage, LANGUAGES } from '../i18n/index';
import { useSession } from '../state/session';

export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const session = useSession((s) => s.session);
  const setMe = useSession((s) => s.setMe);
  if (session.status !== 'signed-in') return null;
  const { me } = session;
  const signOut = async () => {
    try {
      await logOut(client);
    } finally {
      setMe(null);
    }
  };
  return (
    <div className="admin-layout">
      <SkipLink target="main">{t('common.skipToContent')}</SkipLink>
      <header className="admin-header">
        <p className="admin-brand">{t('common.appName')}</p>
        <nav aria-label={t('common.mainNav')}>
          <ul className="admin-nav">
            {visibleSections(me).map((section) => (
              <li key={section.key}>
                <NavLink to={`/${section.path}`}>{t(`nav.${section.key}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="admin-account">
          <span data-testid="whoami">
            {me.email} (
            {rolesOf(me)
              .map((role) => t(`roles.${role}`))
              .join(', ')}
            )
          </span>
          <label className="admin-inline-field">
            <span>{t('common.language')}</span>
            <select
              value={i18n.language}
              onChange={(event) => {
                if (isLanguage(event.target.value)) void changeLanguage(i18n, event.target.value);
              }}
            >
              {LANGUAGES.map((lng) => (
                <option key={lng} value={lng}>
                  {t(`languages.${lng}`)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="mb-button"
            data-variant="secondary"
            onClick={() => applyTheme(readTheme() === 'default' ? 'high-contrast' : 'default')}
          >
            {t('common.highContrast')}
          </button>
          <button type="button" className="mb-button" data-variant="secondary" onClick={signOut}>
            {t('common.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="admin-main">
        {children}
      </main>
    </div>
  );
}
