import { Button, Card, Notice, SelectField, useLoad } from '@manabee/ui';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApis } from '../../api/hooks';
import { useErrorText } from '../../components/errors';
import { LANGUAGES } from '../../i18n';
import { LoadState } from './children-pages';

/** Zones the browser knows, with the account's own first if the list lacks it. */
function timeZones(current: string): string[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Tokyo', 'UTC'];
  return known.includes(current) ? known : [current, ...known];
}

/**
 * The language of emails and notifications and the time zone of quiet hours and
 * reports: kept on the server, unlike the display language of this browser.
 */
export function AccountSettingsCard() {
  const { t } = useTranslation();
  const { auth } = useApis();
  const [settings] = useLoad(() => auth.accountSettings(), []);
  return (
    <Card aria-labelledby="settings-title" className="mb-stack">
      <h2 id="settings-title">{t('account.settingsTitle')}</h2>
      <p>{t('account.settingsLead')}</p>
      <LoadState load={settings}>{(value) => (value ? <SettingsForm initial={value} /> : null)}</LoadState>
    </Card>
  );
}

function SettingsForm({ initial }: { initial: { locale: string; timeZone: string } }) {
  const { t } = useTranslation();
  const { auth } = useApis();
  const errorText = useErrorText();
  const [locale, setLocale] = useState(initial.locale);
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const zones = useMemo(() => timeZones(initial.timeZone), [initial.timeZone]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await auth.updateAccountSettings({ locale, timeZone });
      setLocale(saved.locale);
      setTimeZone(saved.timeZone);
      setStatus({ tone: 'success', text: t('account.settingsSaved') });
    } catch (caught) {
      setStatus({ tone: 'error', text: errorText(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="mb-stack" onSubmit={save}>
      <SelectField
        label={t('account.mailLanguage')}
        value={locale}
        onChange={(e) => setLocale(e.target.value)}
        options={LANGUAGES.map((language) => ({ value: language, label: t(`languages.${language}`) }))}
      />
      <SelectField
        label={t('account.timeZone')}
        hint={t('account.timeZoneHint')}
        value={timeZone}
        onChange={(e) => setTimeZone(e.target.value)}
        options={zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }))}
      />
      <div aria-live="polite">
        {status ? (
          <Notice tone={status.tone} live={status.tone === 'error' ? 'assertive' : 'polite'}>
            {status.text}
          </Notice>
        ) : null}
      </div>
      <div>
        <Button type="submit" disabled={busy}>
          {t('account.saveSettings')}
        </Button>
      </div>
    </form>
  );
}
