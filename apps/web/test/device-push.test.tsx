// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PushDevice } from '../src/api/optional';
import { base64UrlToBytes, bytesToBase64Url } from '../src/api/web-push';
import { DevicePush } from '../src/pages/parent/device-push';
import { NotificationsPage } from '../src/pages/parent/notifications';
import { type FakeClient, fakeClient, renderWith } from './helpers';

/** Bytes whose base64 has '+' and '/', so base64url ('-', '_', no padding) is visible in the assertions. */
const bytes = (length: number, seed: number) =>
  Uint8Array.from({ length }, (_, i) => (i === 0 ? 0xfb : i === 1 ? 0xff : (i * 37 + seed) % 256));
const SERVER_KEY = Buffer.from(bytes(65, 4)).toString('base64url');
const P256DH = bytes(65, 11);
const AUTH = bytes(16, 23);
const ENDPOINT = 'https://push.example.test/send/device-1';

class FakeSubscription {
  unsubscribed = false;
  constructor(
    private readonly manager: FakePushManager,
    readonly endpoint: string,
    readonly options: { userVisibleOnly: boolean; applicationServerKey: ArrayBuffer | null },
  ) {}
  getKey(name: 'p256dh' | 'auth'): ArrayBuffer {
    const source = name === 'p256dh' ? P256DH : AUTH;
    return source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength) as ArrayBuffer;
  }
  async unsubscribe() {
    this.unsubscribed = true;
    this.manager.current = null;
    return true;
  }
}

class FakePushManager {
  current: FakeSubscription | null = null;
  readonly subscribeCalls: Array<{ userVisibleOnly?: boolean; applicationServerKey?: unknown }> = [];
  async getSubscription() {
    return this.current;
  }
  async subscribe(options: { userVisibleOnly?: boolean; applicationServerKey?: Uint8Array }) {
    this.subscribeCalls.push(options);
    const key = options.applicationServerKey!;
    this.current ??= new FakeSubscription(this, ENDPOINT, {
      userVisibleOnly: options.userVisibleOnly ?? false,
      applicationServerKey: key.buffer.slice(key.byteOffset, key.byteOffset + key.byteLength) as ArrayBuffer,
    });
    return this.current;
  }
}

/** A browser with a service worker container, PushManager and Notification. */
function installBrowser(options: {
  permission: NotificationPermission;
  answer?: NotificationPermission;
  registered?: boolean;
}) {
  const pushManager = new FakePushManager();
  const registration = { pushManager };
  let registered = options.registered ?? true;
  const container = {
    getRegistration: vi.fn(async () => (registered ? registration : undefined)),
    register: vi.fn(async (_url: string) => {
      registered = true;
      return registration;
    }),
    ready: Promise.resolve(registration),
  };
  Object.defineProperty(navigator, 'serviceWorker', { configurable: true, value: container });
  const notification = {
    permission: options.permission,
    requestPermission: vi.fn(async () => {
      notification.permission = options.answer ?? 'granted';
      return notification.permission;
    }),
  };
  vi.stubGlobal('Notification', notification);
  vi.stubGlobal('PushManager', FakePushManager);
  return { pushManager, container, notification };
}

function server(options: { key?: string | null; devices?: PushDevice[] } = {}): FakeClient {
  let devices = options.devices ?? [];
  return fakeClient({
    webPushPublicKey: () => (options.key === undefined ? SERVER_KEY : options.key),
    pushSubscriptions: () => devices,
    registerWebPushSubscription: () => {
      devices = [{ id: 'psh_device1', kind: 'webpush', createdAt: '2030-01-01T00:00:00.000Z' }];
      return 'psh_device1';
    },
    removePushSubscription: (variables) => {
      const before = devices.length;
      devices = devices.filter((device) => device.id !== variables.id);
      return devices.length < before;
    },
    notificationPreferences: () => [],
  });
}

const status = () => screen.getByTestId('device-push-status');
const callsOf = (client: FakeClient, field: string) =>
  client.calls.filter((call) => call.query.includes(field));

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  Reflect.deleteProperty(navigator, 'serviceWorker');
  localStorage.clear();
});

describe('base64url', () => {
  it('round-trips keys without padding or + and /', () => {
    expect(bytesToBase64Url(P256DH)).toBe(Buffer.from(P256DH).toString('base64url'));
    expect(bytesToBase64Url(P256DH)).not.toMatch(/[+/=]/);
    expect([...base64UrlToBytes(SERVER_KEY)]).toEqual([...bytes(65, 4)]);
  });
});

describe('notifications on this device', () => {
  it('explains kindly when the browser cannot receive push, on the notifications page', async () => {
    const client = server();
    await renderWith(<NotificationsPage />, client, 'en');
    expect(await screen.findByRole('heading', { name: 'Notifications on this device' })).toBeInTheDocument();
    await waitFor(() => expect(status()).toHaveTextContent(/can't receive notifications from Manabee/));
    expect(status()).toHaveAttribute('role', 'status');
    expect(screen.queryByRole('button', { name: /notifications on this device/ })).not.toBeInTheDocument();
    expect(callsOf(client, 'webPushPublicKey')).toHaveLength(0);
  });

  it('says so when the server has no Web Push key', async () => {
    installBrowser({ permission: 'default' });
    await renderWith(<DevicePush />, server({ key: null }), 'en');
    await waitFor(() => expect(status()).toHaveTextContent(/aren't set up on this Manabee server/));
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('tells how to allow notifications again when the browser blocks them', async () => {
    installBrowser({ permission: 'denied' });
    await renderWith(<DevicePush />, server(), 'ja');
    await waitFor(() => expect(status()).toHaveTextContent(/ブロックされています/));
    expect(status()).toHaveTextContent(/「許可」/);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('changes nothing when the permission prompt is dismissed, and explains when it is blocked', async () => {
    const browser = installBrowser({ permission: 'default', answer: 'default' });
    const client = server();
    await renderWith(<DevicePush />, client, 'en');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Turn on notifications on this device' }),
    );
    await waitFor(() => expect(status()).toHaveTextContent(/Nothing changed/));
    expect(browser.pushManager.subscribeCalls).toHaveLength(0);
    expect(callsOf(client, 'registerWebPushSubscription')).toHaveLength(0);

    browser.notification.requestPermission.mockImplementation(async () => 'denied');
    await userEvent.click(screen.getByRole('button', { name: 'Turn on notifications on this device' }));
    await waitFor(() => expect(status()).toHaveTextContent(/blocked in this browser/));
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('subscribes with the server key and sends the endpoint and base64url keys', async () => {
    const browser = installBrowser({ permission: 'default', registered: false });
    const client = server();
    await renderWith(<DevicePush />, client, 'en');
    await waitFor(() => expect(status()).toHaveTextContent('Notifications are off for this device.'));
    const button = screen.getByRole('button', { name: 'Turn on notifications on this device' });
    await userEvent.click(button);

    await waitFor(() => expect(status()).toHaveTextContent('Notifications are on for this device.'));
    expect(browser.notification.requestPermission).toHaveBeenCalledTimes(1);
    expect(browser.container.register).toHaveBeenCalledWith('/sw.js');
    expect(browser.pushManager.subscribeCalls).toHaveLength(1);
    const [options] = browser.pushManager.subscribeCalls;
    expect(options).toMatchObject({ userVisibleOnly: true });
    expect([...(options!.applicationServerKey as Uint8Array)]).toEqual([...bytes(65, 4)]);
    expect(callsOf(client, 'registerWebPushSubscription').map((call) => call.variables)).toEqual([
      {
        endpoint: ENDPOINT,
        p256dh: Buffer.from(P256DH).toString('base64url'),
        auth: Buffer.from(AUTH).toString('base64url'),
      },
    ]);
    expect(localStorage.getItem('manabee.pushSubscriptionId')).toBe('psh_device1');
    // The same button, relabelled: focus stays where the person is.
    expect(button).toHaveAccessibleName('Turn off notifications on this device');
  });

  it('is on after a reload only when the server still has this device, and turns it off', async () => {
    const browser = installBrowser({ permission: 'granted' });
    await browser.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: bytes(65, 4) });
    const subscription = browser.pushManager.current!;
    localStorage.setItem('manabee.pushSubscriptionId', 'psh_device1');

    // Someone else signed in on this browser since: their list does not have it.
    await renderWith(<DevicePush />, server({ devices: [] }), 'en');
    await waitFor(() => expect(status()).toHaveTextContent('Notifications are off for this device.'));
    cleanup();

    const client = server({
      devices: [{ id: 'psh_device1', kind: 'webpush', createdAt: '2030-01-01T00:00:00.000Z' }],
    });
    await renderWith(<DevicePush />, client, 'en');
    await waitFor(() => expect(status()).toHaveTextContent('Notifications are on for this device.'));
    await userEvent.click(screen.getByRole('button', { name: 'Turn off notifications on this device' }));

    await waitFor(() => expect(status()).toHaveTextContent('Notifications are off for this device.'));
    expect(callsOf(client, 'removePushSubscription').map((call) => call.variables)).toEqual([
      { id: 'psh_device1' },
    ]);
    expect(subscription.unsubscribed).toBe(true);
    expect(browser.pushManager.current).toBeNull();
    expect(localStorage.getItem('manabee.pushSubscriptionId')).toBeNull();
    expect(screen.getByRole('button', { name: 'Turn on notifications on this device' })).toBeInTheDocument();
  });
});
