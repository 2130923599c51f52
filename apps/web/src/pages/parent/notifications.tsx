import { Checkbox, Notice, useLoad } from '@manabee/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApis } from '../../api/hooks';
import { CATEGORIES, CHANNELS, type NotificationPreference } from '../../api/optional';
import { useErrorText } from '../../components/errors';
import { usePageTitle } from '../../components/shell';
import { LoadState } from './children-pages';
import { DevicePush } from './device-push';

function PreferenceGrid({ initial }: { initial: NotificationPreference[] }) {
  const { t } = useTranslation();
  const { notifications } = useApis();
  const errorText = useErrorText();
  const [prefs, setPrefs] = useState(initial);
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const enabled = (category: string, channel: string) =>
    prefs.find((p) => p.category === category && p.channel === channel)?.enabled ?? false;

  async function toggle(category: string, channel: string, value: boolean) {
    const next = { category, channel, enabled: value };
    setPrefs((p) => [...p.filter((x) => !(x.category === category && x.channel === channel)), next]);
    try {
      await notifications.set(next);
      setStatus({ tone: 'success', text: t('common.saved') });
    } catch (caught) {
      setPrefs((p) => [
        ...p.filter((x) => !(x.category === category && x.channel === channel)),
        { ...next, enabled: !value },
      ]);
      setStatus({ tone: 'error', text: errorText(caught) });
    }
  }

  return (
    <div className="mb-stack">
      {status ? (
        <Notice tone={status.tone} live={status.tone === 'error' ? 'assertive' : 'polite'}>
          {status.text}
        </Notice>
      ) : null}
      {CATEGORIES.map((category) => (
        <fieldset key={category}>
          <legend className="mb-legend">{t(`notifications.category.${category}`)}</legend>
          <div className="mb-row">
            {CHANNELS.map((channel) => (
              <Checkbox
                key={channel}
                label={t(`notifications.channel.${channel}`)}
                checked={enabled(category, channel)}
                onChange={(e) => toggle(category, channel, e.target.checked)}
              />
            ))}
          </div>
        </fieldset>
      ))}
    </div>
  );
}

export function NotificationsPage() {
  const { t } = useTranslation();
  const { notifications } = useApis();
  usePageTitle(t('notifications.title'));
  const [loaded] = useLoad(() => notifications.preferences(), []);
  return (
    <div className="mb-stack mb-narrow">
      <h1>{t('notifications.title')}</h1>
      <p>{t('notifications.critical')}</p>
      <LoadState load={loaded}>
        {(result) =>
          result.available ? (
            <PreferenceGrid initial={result.value} />
          ) : (
            <Notice tone="info">{t('notifications.unavailable')}</Notice>
          )
        }
      </LoadState>
      <DevicePush />
    </div>
  );
}
