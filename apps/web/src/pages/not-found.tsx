import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PublicShell, usePageTitle } from '../components/shell';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('errors.NOT_FOUND'));
  return (
    <PublicShell>
      <h1>{t('errors.NOT_FOUND')}</h1>
      <p>
        <Link to="/">{t('nav.home')}</Link>
      </p>
    </PublicShell>
  );
}
