import { Button, Checkbox, Notice, TextField } from '@manabee/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { can } from '../../access';
import { useClient } from '../../api/context';
import {
  accountDetail,
  blockAccount,
  resendVerification,
  revokeUserSessions,
  unblockAccount,
} from '../../api/operations';
import type { AccountDetail } from '../../api/types';
import { useErrorText } from '../../components/errors';
import { formatTime } from '../../components/format';
import { useSession } from '../../state/session';
import { DirectoryDetailPage } from './detail-page';

type Status = { tone: 'success' | 'error'; text: string } | null;

/**
 * One account: who it is, the family and its children (nickname, grade,
 * consent — never conversations), the school, live sessions, and what
 * support can do about it. Opening this page is recorded in the audit log.
 */
export function AccountPage() {
  const { t } = useTranslation();
  return (
    <DirectoryDetailPage title={t('account.title')} load={accountDetail}>
      {(account, reload) => <AccountView account={account} onChanged={reload} />}
    </DirectoryDetailPage>
  );
}

function AccountView({ account, onChanged }: { account: AccountDetail; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const time = (iso: string | null) => formatTime(iso, i18n.language);
  const location = useLocation();

  // A child's search result lands here with #child-<id>: bring that row into view.
  useEffect(() => {
    if (!location.hash) return;
    document.getElementById(location.hash.slice(1))?.scrollIntoView({ block: 'center' });
  }, [location.hash]);

  return (
    <>
      <h1 data-testid="account-email">{account.email}</h1>
      <section aria-labelledby="facts-title" className="admin-detail">
        <h2 id="facts-title">{t('account.facts')}</h2>
        <dl className="admin-facts">
          <dt>{t('users.id')}</dt>
          <dd>
            <code>{account.id}</code>
          </dd>
          <dt>{t('users.kind')}</dt>
          <dd>{t(`users.kinds.${account.kind}`, { defaultValue: account.kind })}</dd>
          <dt>{t('users.status')}</dt>
          <dd data-testid="user-status">
            {account.blocked
              ? `${t('users.blocked')}${account.blockedReason ? ` (${account.blockedReason})` : ''}`
              : t('users.active')}
          </dd>
          <dt>{t('users.verified')}</dt>
          <dd data-testid="user-verified">
            {account.emailVerified ? t('common.yes') : t('common.no')}
            {account.lastVerificationSentAt
              ? ` · ${t('account.lastMail', { time: time(account.lastVerificationSentAt) })}`
              : ''}
          </dd>
          <dt>{t('account.language')}</dt>
          <dd>{t(`languages.${account.locale}`, { defaultValue: account.locale })}</dd>
          <dt>{t('account.timeZone')}</dt>
          <dd>{account.timeZone}</dd>
          <dt>{t('users.created')}</dt>
          <dd>{time(account.createdAt)}</dd>
          <dt>{t('account.passwordChanged')}</dt>
          <dd>{time(account.passwordChangedAt)}</dd>
          {account.kind === 'operator' ? (
            <>
              <dt>{t('account.roles')}</dt>
              <dd>
                {account.operatorRoles.map((role) => t(`roles.${role}`, { defaultValue: role })).join(', ')}
              </dd>
              <dt>{t('account.totp')}</dt>
              <dd>{account.totpEnrolled ? t('common.yes') : t('common.no')}</dd>
            </>
          ) : null}
        </dl>
      </section>
      {account.family ? <FamilySection family={account.family} /> : null}
      {account.organization ? (
        <section aria-labelledby="org-title" className="admin-detail">
          <h2 id="org-title">{t('account.organization')}</h2>
          <p>
            <Link to={`/users/organizations/${encodeURIComponent(account.organization.id)}`}>
              {account.organization.name}
            </Link>{' '}
            ·{' '}
            {t(`account.orgRoles.${account.organization.role}`, { defaultValue: account.organization.role })}
          </p>
          {account.organization.classrooms.length > 0 ? (
            <ul>
              {account.organization.classrooms.map((room) => (
                <li key={room.id}>{room.name}</li>
              ))}
            </ul>
          ) : (
            <p className="admin-muted">{t('account.noClassrooms')}</p>
          )}
        </section>
      ) : null}
      <section aria-labelledby="sessions-title" className="admin-detail">
        <h2 id="sessions-title">{t('account.sessions')}</h2>
        {account.sessions.length === 0 ? (
          <p data-testid="no-sessions">{t('account.noSessions')}</p>
        ) : (
          <table className="admin-table" data-testid="account-sessions">
            <caption className="admin-caption">
              {t('account.sessionCount', { count: account.sessions.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('account.signedIn')}</th>
                <th scope="col">{t('account.lastSeen')}</th>
                <th scope="col">{t('account.device')}</th>
                <th scope="col">{t('account.ip')}</th>
              </tr>
            </thead>
            <tbody>
              {account.sessions.map((session) => (
                <tr key={session.id}>
                  <td>{time(session.createdAt)}</td>
                  <td>{time(session.lastSeenAt)}</td>
                  <td>{session.userAgent ?? '—'}</td>
                  <td>{session.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {account.family ? <p>{t('account.childDevices', { count: account.childDeviceSessions })}</p> : null}
      </section>
      <AccountActions account={account} onChanged={onChanged} />
    </>
  );
}

function FamilySection({ family }: { family: NonNullable<AccountDetail['family']> }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="family-title" className="admin-detail">
      <h2 id="family-title">{t('account.family')}</h2>
      <dl className="admin-facts">
        <dt>{t('account.familyId')}</dt>
        <dd>
          <code>{family.id}</code>
        </dd>
        <dt>{t('account.timeZone')}</dt>
        <dd>{family.timeZone}</dd>
        <dt>{t('account.familyCode')}</dt>
        <dd>{family.hasFamilyCode ? t('common.yes') : t('common.no')}</dd>
      </dl>
      {family.children.length === 0 ? (
        <p>{t('account.noChildren')}</p>
      ) : (
        <table className="admin-table" data-testid="family-children">
          <caption className="admin-caption">
            {t('account.children', { count: family.children.length })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('account.nickname')}</th>
              <th scope="col">{t('account.grade')}</th>
              <th scope="col">{t('account.language')}</th>
              <th scope="col">{t('account.consent')}</th>
              <th scope="col">{t('account.paused')}</th>
              <th scope="col">{t('users.created')}</th>
            </tr>
          </thead>
          <tbody>
            {family.children.map((child) => (
              <tr key={child.id} id={`child-${child.id}`}>
                <th scope="row">{child.nickname}</th>
                <td>{child.grade ?? '—'}</td>
                <td>{t(`languages.${child.language}`, { defaultValue: child.language })}</td>
                <td>{t(`account.consents.${child.consent}`, { defaultValue: child.consent })}</td>
                <td>{child.paused ? t('common.yes') : t('common.no')}</td>
                <td>{formatTime(child.createdAt, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What support and admins can do; each button is shown only to a role the server would allow. */
function AccountActions({ account, onChanged }: { account: AccountDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const errorText = useErrorText();
  const session = useSession((s) => s.session);
  const me = session.status === 'signed-in' ? session.me : null;
  const self = me?.id === account.id;
  const mayBlock = me !== null && can(me, 'users.block') && !self;
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const [includeDevices, setIncludeDevices] = useState(false);

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setStatus(null);
    try {
      setStatus({ tone: 'success', text: await work() });
      onChanged();
    } catch (error) {
      setStatus({ tone: 'error', text: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="actions-title" className="admin-detail">
      <h2 id="actions-title">{t('account.actions')}</h2>
      <div aria-live="polite">
        {status ? (
          <Notice tone={status.tone} data-testid="account-status">
            {status.text}
          </Notice>
        ) : null}
      </div>
      <div className="mb-stack">
        {!account.emailVerified ? (
          <div>
            <Button
              disabled={busy}
              onClick={() =>
                run(async () => {
                  await resendVerification(client, account.id);
                  return t('account.verificationSent', { email: account.email });
                })
              }
            >
              {t('account.resendVerification')}
            </Button>
          </div>
        ) : null}
        <form
          className="mb-stack"
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () => {
              const ended = await revokeUserSessions(client, account.id, includeDevices);
              return t('account.revoked', { sessions: ended.sessions, devices: ended.devices });
            });
          }}
        >
          {account.family ? (
            <Checkbox
              label={t('account.includeDevices')}
              checked={includeDevices}
              onChange={(e) => setIncludeDevices(e.target.checked)}
            />
          ) : null}
          <div>
            <Button type="submit" variant="secondary" disabled={busy || self}>
              {t('account.revokeSessions')}
            </Button>
          </div>
        </form>
        {mayBlock ? (
          account.blocked ? (
            <div>
              <Button
                disabled={busy}
                onClick={() =>
                  run(async () => {
                    await unblockAccount(client, account.id);
                    return t('users.unblockedDone');
                  })
                }
              >
                {t('users.unblock')}
              </Button>
            </div>
          ) : (
            <form
              className="mb-stack"
              onSubmit={(event) => {
                event.preventDefault();
                const text = reason.trim();
                if (!text) return;
                void run(async () => {
                  await blockAccount(client, account.id, text);
                  setReason('');
                  return t('users.blockedDone');
                });
              }}
            >
              <TextField
                label={t('users.reason')}
                required
                maxLength={500}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              <div>
                <Button type="submit" variant="danger" disabled={busy || !reason.trim()}>
                  {t('users.block')}
                </Button>
              </div>
            </form>
          )
        ) : (
          <p className="admin-muted">{t('users.blockAdminsOnly')}</p>
        )}
        {me && can(me, 'audit.read') ? (
          <p>
            <Link to={`/audit?resourceId=${encodeURIComponent(account.id)}`}>{t('account.auditTrail')}</Link>
          </p>
        ) : null}
      </div>
    </section>
  );
}
