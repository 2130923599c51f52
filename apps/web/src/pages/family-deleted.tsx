import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { PublicShell, usePageTitle } from '../components/shell';
import { useSession } from '../state/session';
import type { FamilyDeletedState } from './parent/family-delete';

function cameFromDeletion(state: unknown): state is FamilyDeletedState {
  return typeof state === 'object' && state !== null && (state as FamilyDeletedState).familyDeleted === true;
}

/** Shown once the family is deleted: a plain goodbye, not the sign-in page with an error. */
export function FamilyDeletedPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const setMe = useSession((s) => s.setMe);
  usePageTitle(t('familyData.deleted.title'));
  const fromDeletion = cameFromDeletion(location.state);
  useEffect(() => {
    // Forget the parent only now that the parent area is gone: doing it there would send them to sign-in.
    if (fromDeletion) setMe(null);
  }, [fromDeletion, setMe]);
  return (
    <PublicShell>
      <div className="mb-narrow mb-stack mb-flow">
        <h1>{t('familyData.deleted.title')}</h1>
        <p>{t('familyData.deleted.body')}</p>
        <p>{t('familyData.deleted.thanks')}</p>
        <p className="mb-row">
          <Link className="mb-button" to="/">
            {t('familyData.deleted.home')}
          </Link>
          <Link className="mb-button" data-variant="secondary" to="/signup">
            {t('familyData.deleted.signUp')}
          </Link>
        </p>
      </div>
    </PublicShell>
  );
}
