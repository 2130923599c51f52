/**
 * The HTTP edge of sessions: the `mb_session` cookie, `Authorization: Bearer`
 * for API clients, and CSRF protection for cookie-authenticated writes.
 */
import fastifyCookie from '@fastify/cookie';
import { AppError } from '@manabee/kernel';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Runtime } from '../runtime';
import type { IssuedSession } from '../sessions';

export const SESSION_COOKIE = 'mb_session';
export const CSRF_HEADER = 'x-manabee-csrf';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function cookieToken(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (!header || header.length > 8192) return null;
  return fastifyCookie.parse(header)[SESSION_COOKIE] ?? null;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
  return match?.[1] ?? null;
}

/** Bearer first: a client that sends one means it, and it cannot be forged cross-site. */
export function presentedToken(request: FastifyRequest): string | null {
  return bearerToken(request) ?? cookieToken(request);
}

/** Secure everywhere except a plain-http development URL on this machine. */
export function cookieIsSecure(publicOrigin: string): boolean {
  const url = new URL(publicOrigin);
  return !(url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
}

export function setSessionCookie(reply: FastifyReply, runtime: Runtime, session: IssuedSession): void {
  const maxAge = Math.floor((session.expiresAt.getTime() - runtime.clock.now().getTime()) / 1000);
  const cookie = fastifyCookie.serialize(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: cookieIsSecure(runtime.publicOrigin),
    path: '/',
    // Not remembered: a browser-session cookie; the server still ends it after 12 h.
    ...(session.persistent ? { maxAge } : {}),
  });
  reply.header('set-cookie', cookie);
}

export function clearSessionCookie(reply: FastifyReply, runtime: Runtime): void {
  reply.header(
    'set-cookie',
    fastifyCookie.serialize(SESSION_COOKIE, '', {
      httpOnly: true,
      sameSite: 'lax',
      secure: cookieIsSecure(runtime.publicOrigin),
      path: '/',
      maxAge: 0,
    }),
  );
}

function originOf(request: FastifyRequest): string | null {
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin;
  const referer = request.headers.referer;
  if (typeof referer !== 'string') return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

/**
 * CSRF (OWASP: verify origin + custom request header). A write carrying the
 * session cookie must come from an allowed origin AND carry `x-manabee-csrf: 1`,
 * which a cross-site form cannot set and cross-site fetch cannot send without a
 * CORS preflight we refuse. Writes without the cookie from a foreign origin are
 * refused too (login CSRF). Bearer requests are not cookie-authenticated.
 */
export function csrfGuard(runtime: Runtime) {
  const allowed = new Set([runtime.publicOrigin, ...runtime.allowedOrigins]);
  return async (request: FastifyRequest): Promise<void> => {
    if (!UNSAFE_METHODS.has(request.method) || bearerToken(request)) return;
    const origin = originOf(request);
    const originAllowed = origin !== null && allowed.has(origin);
    if (cookieToken(request) !== null) {
      if (!originAllowed || request.headers[CSRF_HEADER] !== '1')
        throw new AppError('FORBIDDEN', { detail: 'Cross-site request refused' });
    } else if (origin !== null && !originAllowed) {
      throw new AppError('FORBIDDEN', { detail: 'Cross-site request refused' });
    }
  };
}
