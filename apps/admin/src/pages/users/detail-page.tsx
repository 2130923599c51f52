import { useLoad } from '@manabee/ui';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { GraphQLClient } from '../../api/client';
import { useClient } from '../../api/context';
import { LoadError } from '../../components/errors';

/**
 * The frame of a user-directory page (an account, an organization): the way
 * back to the same search results, loading, a load error in words, then the view.
 */
export function DirectoryDetailPage<T>({
  title,
  load,
  children,
}: {
  title: string;
  load: (client: GraphQLClient, id: string) => Promise<T>;
  /** `from` is the search the page was opened from, for links onward. */
  children: (value: T, reload: () => void, from: string) => ReactNode;
}) {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const client = useClient();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '';
  const [detail, reload] = useLoad(() => load(client, id), [client, id]);

  useEffect(() => {
    document.title = `${title} · ${t('common.appName')}`;
  }, [t, title]);

  return (
    <div className="admin-page">
      <p>
        <Link to={`/users${from}`}>{t('account.back')}</Link>
      </p>
      {detail.state === 'loading' ? (
        <p role="status">{t('common.loading')}</p>
      ) : detail.state === 'error' ? (
        <>
          <h1>{title}</h1>
          <LoadError error={detail.error} onRetry={reload} />
        </>
      ) : (
        children(detail.value, reload, from)
      )}
    </div>
  );
}
