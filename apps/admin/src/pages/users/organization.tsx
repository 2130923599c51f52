import { useLoad } from '@manabee/ui';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useClient } from '../../api/context';
import { organizationDetail } from '../../api/operations';
import { LoadError } from '../../components/errors';
import { formatTime } from '../../components/format';

/** A school or other organization: its teachers (each links to their account) and classrooms. */
export function OrganizationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const client = useClient();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '';
  const [detail, reload] = useLoad(() => organizationDetail(client, id), [client, id]);

  useEffect(() => {
    document.title = `${t('organization.title')} · ${t('common.appName')}`;
  }, [t]);

  return (
    <div className="admin-page">
      <p>
        <Link to={`/users${from}`}>{t('account.back')}</Link>
      </p>
      {detail.state === 'loading' ? (
        <p role="status">{t('common.loading')}</p>
      ) : detail.state === 'error' ? (
        <>
          <h1>{t('organization.title')}</h1>
          <LoadError error={detail.error} onRetry={reload} />
        </>
      ) : (
        <>
          <h1 data-testid="organization-name">{detail.value.name}</h1>
          <dl className="admin-facts">
            <dt>{t('users.id')}</dt>
            <dd>
              <code>{detail.value.id}</code>
            </dd>
            <dt>{t('users.created')}</dt>
            <dd>{formatTime(detail.value.createdAt, i18n.language)}</dd>
          </dl>
          <section aria-labelledby="teachers-title" className="admin-detail">
            <h2 id="teachers-title">{t('organization.teachers')}</h2>
            {detail.value.teachers.length === 0 ? (
              <p>{t('organization.noTeachers')}</p>
            ) : (
              <table className="admin-table">
                <thead>
                  <tr>
                    <th scope="col">{t('users.email')}</th>
                    <th scope="col">{t('organization.role')}</th>
                    <th scope="col">{t('organization.classroomCount')}</th>
                    <th scope="col">{t('users.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.value.teachers.map((teacher) => (
                    <tr key={teacher.userId}>
                      <td>
                        <Link to={`/users/accounts/${encodeURIComponent(teacher.userId)}`} state={{ from }}>
                          {teacher.email}
                        </Link>
                      </td>
                      <td>{t(`account.orgRoles.${teacher.role}`, { defaultValue: teacher.role })}</td>
                      <td>{teacher.classrooms}</td>
                      <td>{teacher.blocked ? t('users.blocked') : t('users.active')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section aria-labelledby="classrooms-title" className="admin-detail">
            <h2 id="classrooms-title">{t('organization.classrooms')}</h2>
            {detail.value.classrooms.length === 0 ? (
              <p>{t('account.noClassrooms')}</p>
            ) : (
              <table className="admin-table">
                <thead>
                  <tr>
                    <th scope="col">{t('organization.classroom')}</th>
                    <th scope="col">{t('organization.teacher')}</th>
                    <th scope="col">{t('organization.linkedChildren')}</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.value.classrooms.map((room) => (
                    <tr key={room.id}>
                      <td>{room.name}</td>
                      <td>{room.teacherEmail}</td>
                      <td>{room.linkedChildren}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </div>
  );
}
