/** A full auth service behind a real HTTP server (app.inject), on PGlite or PostgreSQL + Redis. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAuditService } from '@manabee/audit';
import {
  AppError,
  type Cache,
  createFamilyKeyring,
  createHttpServer,
  createLogger,
  createMailTransport,
  type Executor,
  type FamilyKeyring,
  listStoredMail,
  ManualClock,
  openCache,
  type RequestContext,
  registerGraphQL,
} from '@manabee/kernel';
import { createTestDatabase, type TestDatabase, testNamespace } from '@manabee/kernel/testing';
import type { FastifyInstance } from 'fastify';
import { type AuthService, CSRF_HEADER, createAuthService, SESSION_COOKIE } from '../src/index';

export const PUBLIC_URL = 'https://app.manabee.test';
export const quiet = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_c, _e, cb) => cb() }),
});

export interface Harness {
  test: TestDatabase;
  cache: Cache;
  app: FastifyInstance;
  auth: AuthService;
  clock: ManualClock;
  outbox: string;
  events: { name: string; payload: Record<string, unknown> }[];
  keyring: FamilyKeyring;
  close(): Promise<void>;
}

export async function createHarness(): Promise<Harness> {
  const test = await createTestDatabase();
  const cache = await openCache({ url: process.env.REDIS_URL, keyPrefix: `${testNamespace()}:` });
  const outbox = mkdtempSync(path.join(tmpdir(), 'manabee-auth-mail-'));
  const mail = createMailTransport({ from: 'Manabee <no-reply@manabee.test>', outboxDir: outbox });
  // The real clock's date, frozen: tests move it by hand.
  const clock = new ManualClock(new Date());
  const audit = createAuditService({
    database: test.database,
    logger: quiet,
    clock,
    authorize: () => {
      throw new AppError('FORBIDDEN');
    },
  });
  const events: Harness['events'] = [];
  const keyring = createFamilyKeyring(Buffer.alloc(32, 9));
  const auth = createAuthService({
    database: test.database,
    cache,
    mail,
    logger: quiet,
    clock,
    audit,
    publish: async (_tx: Executor, name, payload) => {
      events.push({ name, payload });
    },
    publicUrl: PUBLIC_URL,
    secretKey: new Uint8Array(32).fill(7),
    keyring,
  });
  const app = await createHttpServer({
    logger: quiet,
    corsOrigins: [PUBLIC_URL],
    bodyLimitBytes: 64 * 1024,
    maxEventLoopDelayMs: 0,
  });
  const definition = auth.definition();
  await definition.routes?.(app);
  const contextOf = async (
    request: Parameters<AuthService['resolvePrincipal']>[0],
  ): Promise<RequestContext> => ({
    requestId: request.id,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    principal: await auth.resolvePrincipal(request),
    log: quiet,
  });
  await registerGraphQL(app, {
    logger: quiet,
    contributions: definition.graphql ? [definition.graphql] : [],
    context: (request) => contextOf(request) as unknown as Promise<Record<string, unknown>>,
  });
  return {
    test,
    cache,
    app,
    auth,
    clock,
    outbox,
    events,
    keyring,
    async close() {
      await app.close();
      await cache.close();
      await test.drop();
    },
  };
}

export interface GqlOptions {
  token?: string;
  /** Send the session as a cookie (with the CSRF header and our Origin unless overridden). */
  cookie?: string;
  origin?: string | null;
  csrf?: boolean;
  ip?: string;
}

export interface GqlResponse {
  status: number;
  data: Record<string, unknown> | null;
  errors: { message: string; extensions?: { code?: string } }[] | undefined;
  /** The new `mb_session` token, if the response set one. */
  sessionToken: string | null;
  setCookie: string | null;
  code: string | undefined;
}

export async function gql(
  app: FastifyInstance,
  query: string,
  variables: Record<string, unknown> = {},
  options: GqlOptions = {},
): Promise<GqlResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) {
    headers.cookie = `${SESSION_COOKIE}=${options.cookie}`;
    if (options.csrf !== false) headers[CSRF_HEADER] = '1';
  }
  const origin = options.origin === undefined ? (options.cookie ? PUBLIC_URL : null) : options.origin;
  if (origin) headers.origin = origin;
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers,
    payload: { query, variables },
    remoteAddress: options.ip ?? '198.51.100.10',
  });
  const body = response.json() as {
    data?: Record<string, unknown> | null;
    errors?: GqlResponse['errors'];
    code?: string;
  };
  const rawCookie = response.headers['set-cookie'];
  const setCookie = Array.isArray(rawCookie) ? (rawCookie[0] ?? null) : (rawCookie ?? null);
  const match = setCookie ? new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(setCookie) : null;
  return {
    status: response.statusCode,
    data: body.data ?? null,
    errors: body.errors,
    sessionToken: match?.[1] ? decodeURIComponent(match[1]) : null,
    setCookie,
    code: body.errors?.[0]?.extensions?.code ?? body.code,
  };
}

/** A top-level field of a successful response; throws with the errors otherwise. */
export function field(response: GqlResponse, name: string): unknown {
  const value = response.data?.[name];
  if (value === undefined || value === null)
    throw new Error(`no ${name}: ${JSON.stringify(response.errors)}`);
  return value;
}

/** The bytes of a quoted-printable body: soft line breaks joined, `=XX` escapes as bytes. */
function quotedPrintableBytes(body: string): Buffer {
  const latin1 = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(latin1, 'latin1');
}

/**
 * RFC 2047 encoded words (`=?UTF-8?B?...?=`, `?Q?`) as nodemailer writes
 * non-ASCII subjects. Adjacent words are one run: their bytes join before
 * UTF-8 decoding, as a character may be split across two words.
 */
function decodeEncodedWords(header: string): string {
  const word = /=\?utf-8\?([bq])\?([^?]*)\?=/gi;
  return header.replace(/(?:=\?utf-8\?[bq]\?[^?]*\?=\s*)+/gi, (run) => {
    const bytes: Buffer[] = [];
    for (const [, encoding, data = ''] of run.matchAll(word))
      bytes.push(
        encoding?.toLowerCase() === 'b'
          ? Buffer.from(data, 'base64')
          : quotedPrintableBytes(data.replace(/_/g, ' ')),
      );
    const trailing = /\s*$/.exec(run)?.[0] ?? '';
    return Buffer.concat(bytes).toString('utf8') + trailing;
  });
}

/**
 * A stored .eml as people read it: headers unfolded with encoded words
 * decoded, then the body per its Content-Transfer-Encoding, as UTF-8.
 */
export function decodeMail(raw: string): { subject: string; text: string } {
  const normalized = raw.replace(/\r\n/g, '\n');
  const end = normalized.indexOf('\n\n');
  const head = decodeEncodedWords(
    (end < 0 ? normalized : normalized.slice(0, end)).replace(/\n[ \t]+/g, ' '),
  );
  const body = end < 0 ? '' : normalized.slice(end + 2);
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  const decoded =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? quotedPrintableBytes(body)
        : Buffer.from(body, 'utf8');
  return {
    subject: /^subject: (.*)$/im.exec(head)?.[1]?.trim() ?? '',
    text: `${head}\n\n${decoded.toString('utf8')}`,
  };
}

/**
 * The newest mail to `to` from the .eml outbox; with `match`, the newest whose
 * decoded headers and body match it (tests usually match the subject).
 */
export async function latestMail(
  outbox: string,
  to: string,
  match?: RegExp,
): Promise<{ raw: string; subject: string; text: string } | null> {
  for (const mail of await listStoredMail(outbox, 500)) {
    if (!mail.raw.includes(`To: ${to}`)) continue;
    const decoded = decodeMail(mail.raw);
    if (match && !match.test(decoded.text)) continue;
    return { raw: mail.raw, ...decoded };
  }
  return null;
}

export function tokenInMail(text: string): string {
  const match = /#token=([A-Za-z0-9_.%-]+)/.exec(text);
  if (!match?.[1]) throw new Error('no token link in mail');
  return decodeURIComponent(match[1]);
}

export const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { message } }`;
export const LOG_IN = `mutation($input: LogInInput!) { logIn(input: $input) { me { id role familyId } sessionExpiresAt } }`;
export const ME = `{ me { id role email familyId childId mfaVerified } }`;
export const ADD_CHILD = `mutation($input: ChildInput!) { addChild(input: $input) { id nickname grade consent hasPin } }`;

/** Signs up, verifies by mail and logs in a parent; returns the session token. */
export async function parentWithSession(
  h: Harness,
  email: string,
  password = 'correct horse battery',
): Promise<{ token: string; userId: string; familyId: string }> {
  // No locale: the account, and so its verification mail, is Japanese.
  await gql(h.app, SIGN_UP, { input: { email, password } });
  const mail = await latestMail(h.outbox, email, /メールアドレスのご確認/);
  if (!mail) throw new Error('no verification mail');
  await gql(h.app, 'mutation($token: String!) { verifyEmail(token: $token) }', {
    token: tokenInMail(mail.text),
  });
  const login = await gql(h.app, LOG_IN, { input: { email, password } });
  if (!login.sessionToken) throw new Error(`login failed: ${JSON.stringify(login.errors)}`);
  const me = (field(login, 'logIn') as { me: { id: string; familyId: string } }).me;
  return { token: login.sessionToken, userId: me.id, familyId: me.familyId };
}
