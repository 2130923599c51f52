import { createSign } from 'node:crypto';
import webpush from 'web-push';
import { DeliveryFailure, failureForStatus, providerFetch, type SendReceipt } from './failure';

/** What the service worker (apps/web/public/sw.js) shows; the same shape reaches FCM as data. */
export interface PushMessage {
  title: string;
  body: string;
  link: string | undefined;
  /** The notification's language (the `lang` of the shown notification). */
  lang: string;
  /** One shown notification per tag: a reminder replaces the alert it repeats. */
  tag: string;
  /** Critical ones stay on screen until the parent acts (`requireInteraction`). */
  critical: boolean;
}

export interface WebPushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * Web Push with VAPID. `web-push` builds the encrypted request (RFC 8291) and
 * the VAPID header (RFC 8292); we send it with fetch so the endpoint can be any
 * URL the browser gave us (and a local fake in tests).
 * A 404 or 410 means the browser dropped the subscription: `expired`.
 */
export function webPushSender(vapid: { publicKey: string; privateKey: string; subject: string }) {
  return async (target: WebPushTarget, message: PushMessage, signal?: AbortSignal): Promise<SendReceipt> => {
    const details = webpush.generateRequestDetails(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify(message),
      { vapidDetails: vapid, TTL: 24 * 3600, urgency: 'high' },
    );
    const response = await providerFetch(
      'webpush',
      details.endpoint,
      {
        method: details.method,
        headers: details.headers as Record<string, string>,
        body: details.body ?? null,
      },
      signal,
    );
    await response.arrayBuffer();
    if (response.status === 404 || response.status === 410) {
      throw new DeliveryFailure('webpush', 'subscription_expired', true);
    }
    if (response.status < 200 || response.status >= 300) throw failureForStatus('webpush', response.status);
    return { provider: 'webpush', providerMessageId: response.headers.get('location') };
  };
}

export interface FcmOptions {
  projectId: string;
  clientEmail: string;
  privateKey: string;
  baseUrl?: string;
  tokenUrl?: string;
}

/**
 * FCM HTTP v1 (https://firebase.google.com/docs/cloud-messaging/send/v1-api)
 * with a service-account JWT exchanged for an access token. Written with fetch
 * rather than firebase-admin because firebase-admin cannot be pointed at
 * another host, and the same code must run against a local fake in tests.
 */
export function fcmSender(options: FcmOptions) {
  const baseUrl = (options.baseUrl ?? 'https://fcm.googleapis.com').replace(/\/$/, '');
  const tokenUrl = options.tokenUrl ?? 'https://oauth2.googleapis.com/token';
  let cached: { token: string; expiresAt: number } | undefined;

  async function accessToken(signal?: AbortSignal): Promise<string> {
    if (cached && cached.expiresAt > Date.now() + 60_000) return cached.token;
    const now = Math.floor(Date.now() / 1000);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({
      iss: options.clientEmail,
      scope: 'https://www.googleapis.com/auth/firebase.messaging',
      aud: tokenUrl,
      iat: now,
      exp: now + 3600,
    })}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(options.privateKey, 'base64url');
    const response = await providerFetch(
      'fcm',
      tokenUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: `${unsigned}.${signature}`,
        }).toString(),
      },
      signal,
    );
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
    };
    if (!response.ok || typeof body.access_token !== 'string') {
      // Bad credentials are configuration, not this message: retry, operators see the code.
      throw new DeliveryFailure('fcm', `oauth_${response.status}`, false);
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    cached = { token: body.access_token, expiresAt: Date.now() + expiresIn * 1000 };
    return cached.token;
  }

  return async (token: string, message: PushMessage, signal?: AbortSignal): Promise<SendReceipt> => {
    const bearer = await accessToken(signal);
    const response = await providerFetch(
      'fcm',
      `${baseUrl}/v1/projects/${encodeURIComponent(options.projectId)}/messages:send`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          message: {
            token,
            notification: { title: message.title, body: message.body },
            // FCM data values are strings.
            data: {
              ...(message.link ? { link: message.link } : {}),
              lang: message.lang,
              tag: message.tag,
              critical: String(message.critical),
            },
          },
        }),
      },
      signal,
    );
    const body = (await response.json().catch(() => ({}))) as {
      name?: unknown;
      error?: { details?: Array<{ errorCode?: unknown }> };
    };
    if (response.ok)
      return { provider: 'fcm', providerMessageId: typeof body.name === 'string' ? body.name : null };
    const errorCode = body.error?.details?.find((detail) => typeof detail.errorCode === 'string')?.errorCode;
    if (response.status === 404 || errorCode === 'UNREGISTERED') {
      throw new DeliveryFailure('fcm', 'subscription_expired', true);
    }
    if (response.status === 401) cached = undefined;
    throw failureForStatus(
      'fcm',
      response.status === 401 ? 503 : response.status,
      typeof errorCode === 'string' ? `fcm_${errorCode.toLowerCase()}` : undefined,
    );
  };
}
