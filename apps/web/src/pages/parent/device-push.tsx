import { Button, Notice, useLoad } from '@manabee/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GraphQLRequestError } from '../../api/client';
import { useApis } from '../../api/hooks';
import {
  currentSubscription,
  storedSubscriptionId,
  storeSubscriptionId,
  subscribeThisDevice,
  unsubscribeThisDevice,
  webPushSupported,
} from '../../api/web-push';
import { useErrorText } from '../../components/errors';
import { LoadState } from './children-pages';

type Setup =
  | { state: 'unsupported' }
  | { state: 'unconfigured' }
  | { state: 'denied' }
  /** `subscriptionId` is the server's id of this device's subscription; null when off. */
  | { state: 'ready'; key: string; subscriptionId: string | null };

type NotificationsApi = ReturnType<typeof useApis>['notifications'];

/**
 * On only when all three agree: the browser still has a subscription and
 * permission, and the id this device saved is among the server's devices of
 * the signed-in person (someone else may have signed in here since).
 */
async function loadSetup(notifications: NotificationsApi): Promise<Setup> {
  if (!webPushSupported()) return { state: 'unsupported' };
  const key = await notifications.webPushKey();
  if (!key.available || !key.value) return { state: 'unconfigured' };
  if (Notification.permission === 'denied') return { state: 'denied' };
  const stored = storedSubscriptionId();
  const [devices, subscription] = await Promise.all([
    notifications.pushDevices(),
    currentSubscription().catch(() => null),
  ]);
  const on =
    Notification.permission === 'granted' &&
    subscription !== null &&
    stored !== null &&
    devices.some((device) => device.id === stored);
  return { state: 'ready', key: key.value, subscriptionId: on ? stored : null };
}

function DevicePushControl({ initial }: { initial: Setup }) {
  const { t } = useTranslation();
  const { notifications } = useApis();
  const errorText = useErrorText();
  const [setup, setSetup] = useState(initial);
  const [busy, setBusy] = useState(false);
  /** A one-off sentence about the last action; the state sentence otherwise. */
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const failure = (caught: unknown) =>
    caught instanceof GraphQLRequestError ? errorText(caught) : t('notifications.device.failed');

  async function turnOn(key: string) {
    setBusy(true);
    setNote(null);
    setError(null);
    try {
      const permission = await Notification.requestPermission();
      if (permission === 'denied') {
        setSetup({ state: 'denied' });
        return;
      }
      if (permission !== 'granted') {
        setNote(t('notifications.device.notAllowed'));
        return;
      }
      const id = await notifications.registerWebPush(await subscribeThisDevice(key));
      storeSubscriptionId(id);
      setSetup({ state: 'ready', key, subscriptionId: id });
    } catch (caught) {
      setError(failure(caught));
    } finally {
      setBusy(false);
    }
  }

  async function turnOff(key: string, id: string) {
    setBusy(true);
    setNote(null);
    setError(null);
    try {
      // Server first: if that fails the device stays on, and the page says so truthfully.
      await notifications.removePush(id);
      storeSubscriptionId(null);
      setSetup({ state: 'ready', key, subscriptionId: null });
      // The server no longer sends here, so a browser that fails to let go changes nothing.
      await unsubscribeThisDevice().catch(() => undefined);
    } catch (caught) {
      setError(failure(caught));
    } finally {
      setBusy(false);
    }
  }

  const sentence = busy
    ? t('notifications.device.working')
    : (note ??
      (setup.state === 'ready'
        ? t(setup.subscriptionId ? 'notifications.device.on' : 'notifications.device.off')
        : t(`notifications.device.${setup.state}`)));

  return (
    <>
      <p role="status" aria-live="polite" data-testid="device-push-status">
        {sentence}
      </p>
      {setup.state === 'ready' ? (
        <div>
          <Button
            variant={setup.subscriptionId ? 'secondary' : 'primary'}
            aria-disabled={busy || undefined}
            onClick={() => {
              if (busy) return;
              if (setup.subscriptionId) void turnOff(setup.key, setup.subscriptionId);
              else void turnOn(setup.key);
            }}
          >
            {t(setup.subscriptionId ? 'notifications.device.turnOff' : 'notifications.device.turnOn')}
          </Button>
        </div>
      ) : null}
      {error ? (
        <Notice tone="error" live="assertive">
          {error}
        </Notice>
      ) : null}
    </>
  );
}

/** "Notifications on this device": Web Push for this browser, on or off. */
export function DevicePush() {
  const { t } = useTranslation();
  const { notifications } = useApis();
  const [loaded] = useLoad(() => loadSetup(notifications), [notifications]);
  return (
    <section aria-labelledby="device-push-title" className="mb-card mb-stack">
      <h2 id="device-push-title">{t('notifications.device.title')}</h2>
      <p className="mb-hint">{t('notifications.device.lead')}</p>
      <LoadState load={loaded}>{(setup) => <DevicePushControl initial={setup} />}</LoadState>
    </section>
  );
}
