import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { organizationDetail } from '../../api/operations';
import { formatTime } from '../../components/format';
import { DirectoryDetailPage } from './detail-page';

/** A school or other organization: its teachers (each links to their account) and classrooms. */
export function OrganizationPage() {
  const { t, i18n } = useTranslation();
  return (
    <DirectoryDetailPage title={t('organization.title')} load={organizationDetail}>
      {(org, _reload, from) => (
        <>
          <h1 data-testid="organization-name">{org.name}</h1>
          <dl className="admin-facts">
            <dt>{t('users.id')}</dt>
            <dd>
              <code>{org.id}</code>
            </dd>
            <dt>{t('users.created')}</dt>
            <dd>{formatTime(org.createdAt, i18n.language)}</dd>
          </dl>
          <section aria-labelledby="teachers-title" className="admin-detail">
            <h2 id="teachers-title">{t('organization.teachers')}</h2>
            {org.teachers.length === 0 ? (
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
                  {org.teachers.map((teacher) => (
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
            {org.classrooms.length === 0 ? (
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
                  {org.classrooms.map((room) => (
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
    </DirectoryDetailPage>
  );
}
