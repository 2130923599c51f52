import { createHmac, timingSafeEqual } from 'node:crypto';
import { CATEGORIES, type Category } from './workflows';

/**
 * One-click unsubscribe tokens (RFC 8058): `<base64url payload>.<base64url HMAC-SHA256>`.
 * The payload names the person and the category, nothing else; the link works
 * without signing in, so the signature is the only authority.
 */

export interface UnsubscribeClaim {
  userId: string;
  category: Category;
}

const USER_ID = /^[a-z]{2,8}_[0-9A-HJKMNP-TV-Z]{26}$/;

export function signUnsubscribe(claim: UnsubscribeClaim, secret: Buffer): string {
  const payload = Buffer.from(`${claim.userId}:${claim.category}`).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

export function verifyUnsubscribe(token: unknown, secret: Buffer): UnsubscribeClaim | null {
  if (typeof token !== 'string' || token.length > 512) return null;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const [userId, category] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
  if (!userId || !USER_ID.test(userId)) return null;
  if (!(CATEGORIES as readonly string[]).includes(category ?? '')) return null;
  return { userId, category: category as Category };
}

function mac(payload: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
