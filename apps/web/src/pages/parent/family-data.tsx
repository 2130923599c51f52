import { Notice, useLoad } from '@manabee/ui';
import { useTranslation } from 'react-i18next';
import { useApis } from '../../api/hooks';
import { useErrorText } from '../../components/errors';
import { usePageTitle } from '../../components/shell';
import { useSession } from '../../state/session';
import { DeleteFamily } from './family-delete';
import { FamilyExports } from './family-export';

/** "Your family's data": download a copy of it, or delete it (linked from the parent menu and the account page). */
export function FamilyDataPage({ pollMs }: { pollMs?: number }) {
  const { t } = useTranslation();
  const { auth } = useApis();
  const errorText = useErrorText();
  usePageTitle(t('familyData.title'));
  const known = useSession((s) => s.me?.email ?? null);
  // The parent area has asked `me` already; ask again only if it did not keep the address.
  const [email] = useLoad(async () => known ?? (await auth.me())?.email ?? '', [known]);
  return (
    <div className="mb-stack mb-flow mb-narrow">
      <h1>{t('familyData.title')}</h1>
      <p>{t('familyData.lead')}</p>
      <FamilyExports pollMs={pollMs} />
      {email.state === 'ready' && email.value ? <DeleteFamily email={email.value} /> : null}
      {email.state === 'error' ? (
        <Notice tone="error" live="assertive">
          {errorText(email.error)}
        </Notice>
      ) : null}
    </div>
  );
}
