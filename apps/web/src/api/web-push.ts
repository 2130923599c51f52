/**
 * The browser's side of Web Push (https://www.w3.org/TR/push-api/): the app's
 * service worker (public/sw.js shows the pushes), this device's subscription
 * and its keys. The server side is services/notification.
 */
import type { WebPushRegistration } from './optional';

/** The id the server gave this device's subscription, so the page knows it is on after a reload. */
const STORAGE_KEY = 'manabee.pushSubscriptionId';

export function webPushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    'serviceWorker' in navigator &&
    navigator.serviceWorker !== undefined &&
    'PushManager' in window &&
    'Notification' in window
  );
}

export function storedSubscriptionId(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null; // Storage can be off (private modes): the page then shows "off" after a reload.
  }
}

export function storeSubscriptionId(id: string | null): void {
  try {
    if (id) globalThis.localStorage?.setItem(STORAGE_KEY, id);
    else globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    // See storedSubscriptionId.
  }
}

export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64Url(data: ArrayBuffer | ArrayBufferView): string {
  const bytes = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function sameBytes(a: ArrayBuffer | null | undefined, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength) return false;
  const left = new Uint8Array(a);
  return left.every((byte, i) => byte === b[i]);
}

/** This device's subscription, if any; registers nothing and asks nothing. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration();
  return registration ? registration.pushManager.getSubscription() : null;
}

/**
 * Subscribes this device with the server's VAPID key. main.tsx registers the
 * worker in production builds only, so register it here when it is missing;
 * `ready` waits until it is active, which subscribe() needs.
 */
export async function subscribeThisDevice(serverKey: string): Promise<WebPushRegistration> {
  const container = navigator.serviceWorker;
  if (!(await container.getRegistration())) await container.register('/sw.js');
  const registration = await container.ready;
  const applicationServerKey = base64UrlToBytes(serverKey);
  const existing = await registration.pushManager.getSubscription();
  // A subscription made with an earlier key (the server's keys were rotated) cannot be reused.
  if (existing && !sameBytes(existing.options.applicationServerKey, applicationServerKey)) {
    await existing.unsubscribe();
  }
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey,
  });
  const p256dh = subscription.getKey('p256dh');
  const auth = subscription.getKey('auth');
  if (!p256dh || !auth) throw new Error('The browser gave a push subscription without keys');
  return { endpoint: subscription.endpoint, p256dh: bytesToBase64Url(p256dh), auth: bytesToBase64Url(auth) };
}

export async function unsubscribeThisDevice(): Promise<void> {
  const subscription = await currentSubscription();
  await subscription?.unsubscribe();
}
