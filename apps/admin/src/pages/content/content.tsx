import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../access';
import { useSession } from '../../state/session';
import { KeywordListEditor } from './keyword-list-editor';
import { TutorPrompts } from './tutor-prompts';

export function ContentPage() {
  const { t } = useTranslation();
  const session = useSession((s) => s.session);
  useEffect(() => {
    document.title = `${t('content.title')} · ${t('common.appName')}`;
  }, [t]);
  if (session.status !== 'signed-in') return null;
  return (
    <div className="admin-page mb-stack">
      <h1>{t('content.title')}</h1>
      <KeywordListEditor mayEdit={can(session.me, 'keywords.edit')} />
      {can(session.me, 'prompts.edit') ? <TutorPrompts /> : null}
    </div>
  );
}
