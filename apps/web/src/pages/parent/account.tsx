import { Button, Card, Notice, TextField, useLoad } from '@manabee/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApis } from '../../api/hooks';
import { useErrorText } from '../../components/errors';
import { ContrastToggle, LanguageSelect, usePageTitle } from '../../components/shell';
import { formatDateTime } from '../../i18n/format';
import { AccountSettingsCard } from './account-settings';
import { LoadState } from './children-pages';

export function AccountPage() {
  const { t, i18n } = useTranslation();
  const { auth } = useApis();
  const errorText = useErrorText();
  usePageTitle(t('account.title'));
  const [sessions, reload] = useLoad(() => auth.sessions(), []);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);

  async function change(event: FormEvent) {
    event.preventDefault();
    try {
      await auth.changePassword(current, next);
      setCurrent('');
      setNext('');
      setStatus({ tone: 'success', text: t('account.passwordChanged') });
      reload();
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    }
  }

  async function revoke(id: string) {
    try {
      await auth.revokeSession(id);
      reload();
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    }
  }

  return (
    <div className="mb-stack mb-narrow">
      <h1>{t('account.title')}</h1>
      {status ? (
        <Notice tone={status.tone} live={status.tone === 'error' ? 'assertive' : 'polite'}>
          {status.text}
        </Notice>
      ) : null}
      <Card aria-labelledby="display-title" className="mb-stack">
        <h2 id="display-title">{t('account.displayTitle')}</h2>
        <LanguageSelect />
        <div>
          <ContrastToggle />
        </div>
      </Card>
      <AccountSettingsCard />
      <Card aria-labelledby="password-title">
        <h2 id="password-title">{t('account.passwordTitle')}</h2>
        <form className="mb-stack" onSubmit={change} noValidate>
          <TextField
            label={t('account.currentPassword')}
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
          <TextField
            label={t('account.newPassword')}
            type="password"
            autoComplete="new-password"
            hint={t('auth.passwordHint')}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
          <Button type="submit">{t('account.changePassword')}</Button>
        </form>
      </Card>
      <Card aria-labelledby="data-title" className="mb-stack">
        <h2 id="data-title">{t('familyData.title')}</h2>
        <p>{t('familyData.accountLead')}</p>
        <p>
          <Link to="/family/data">{t('familyData.accountLink')}</Link>
        </p>
      </Card>
      <section aria-labelledby="sessions-title" className="mb-stack">
        <h2 id="sessions-title">{t('account.sessionsTitle')}</h2>
        <LoadState load={sessions}>
          {(list) => (
            <ul className="mb-plain-list mb-stack">
              {list.map((s) => (
                <li key={s.id} className="mb-card mb-row mb-spread">
                  <div>
                    <strong>{s.current ? t('account.thisDevice') : (s.userAgent ?? s.ip ?? s.id)}</strong>
                    <p className="mb-hint">
                      {t('account.lastSeen')}: {formatDateTime(s.lastSeenAt, i18n.language)}
                    </p>
                  </div>
                  {s.current ? null : (
                    <Button variant="secondary" onClick={() => revoke(s.id)}>
                      {t('account.revoke')}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </LoadState>
      </section>
    </div>
  );
}
