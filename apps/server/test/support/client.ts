import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * A browser-like client of a running Manabee server, for the end-to-end API
 * tests and the benchmarks: cookie sessions, same-origin Origin and the CSRF
 * header, GraphQL over HTTP and subscriptions over WebSocket.
 */
export interface GraphQLResult<T> {
  data: T;
  errors?: Array<{ message: string; extensions: { code: string } }>;
  cookie: string | undefined;
}

export function manabeeClient(base: string, origin = 'http://localhost:3000') {
  async function gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    cookie?: string,
  ): Promise<GraphQLResult<T>> {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        'x-manabee-csrf': '1',
        ...(cookie ? { cookie } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResult<T>, 'cookie'>;
    const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('mb_session='));
    return { ...body, cookie: setCookie?.split(';')[0] };
  }

  /** Follows one streamed reply to its end; `onChunk` sees each piece as it arrives. */
  function followReply(
    cookie: string,
    replyId: string,
    onChunk?: (text: string) => void,
  ): Promise<{ text: string; outcome: string }> {
    const client = createClient({
      url: `${base.replace('http', 'ws')}/graphql`,
      webSocketImpl: class extends WebSocket {
        constructor(url: string, protocols: string | string[]) {
          super(url, protocols, { headers: { cookie, origin } });
        }
      },
      retryAttempts: 0,
      lazy: true,
    });
    return new Promise((resolve, reject) => {
      let text = '';
      client.subscribe<{ replyStream: { text: string; done: boolean; outcome: string | null } }>(
        {
          query: 'subscription ($id: ID!) { replyStream(replyId: $id) { index text done outcome notice } }',
          variables: { id: replyId },
        },
        {
          next: ({ data, errors }) => {
            if (errors) reject(new Error(errors.map((e) => e.message).join(', ')));
            if (!data) return;
            if (data.replyStream.text) onChunk?.(data.replyStream.text);
            text += data.replyStream.text;
            if (data.replyStream.done) {
              resolve({ text, outcome: data.replyStream.outcome ?? '' });
              void client.dispose();
            }
          },
          error: reject,
          complete: () => {},
        },
      );
    });
  }

  return { gql, followReply };
}

export function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The `#token=` of the newest mail to `to` whose link path matches, from the embedded outbox. */
export function tokenFromMail(mailDir: string, to: string, linkPath: string): string | undefined {
  const mails = readdirSync(mailDir)
    .sort()
    .reverse()
    .map((file) => decodeQuotedPrintable(readFileSync(path.join(mailDir, file), 'utf8')));
  const mail = mails.find((text) => text.includes(`To: ${to}`) && text.includes(`${linkPath}#token=`));
  const token = /#token=([A-Za-z0-9_.%-]+)/.exec(mail ?? '')?.[1];
  return token ? decodeURIComponent(token) : undefined;
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from an otpauth:// URI, as an authenticator app computes it. */
export function totpNow(otpauthUri: string, at = Date.now()): string {
  const secret = new URL(otpauthUri).searchParams.get('secret')!;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secret.replace(/=+$/, '')) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => Number.parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0x0f;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

/**
 * A family through the real sign-up path: sign up, verify by mail, log in,
 * add children with consent and sign each child in with a device link.
 */
export async function createFamily(
  client: ReturnType<typeof manabeeClient>,
  mailDir: string,
  options: { email: string; password: string; children: Array<{ nickname: string; grade: number }> },
) {
  const { gql } = client;
  const signUp = await gql('mutation ($i: SignUpInput!) { signUp(input: $i) { message } }', {
    i: { email: options.email, password: options.password, locale: 'ja', timeZone: 'Asia/Tokyo' },
  });
  if (signUp.errors) throw new Error(`sign-up failed: ${signUp.errors[0]?.message}`);
  const token = tokenFromMail(mailDir, options.email, '/verify-email');
  if (!token) throw new Error('no verification mail');
  await gql('mutation ($t: String!) { verifyEmail(token: $t) }', { t: token });
  const login = await gql('mutation ($i: LogInInput!) { logIn(input: $i) { me { id } } }', {
    i: { email: options.email, password: options.password },
  });
  if (!login.cookie) throw new Error(`log-in failed: ${login.errors?.[0]?.message}`);
  const parent = login.cookie;
  const children: Array<{ id: string; cookie: string }> = [];
  for (const child of options.children) {
    const added = await gql<{ addChild: { id: string } }>(
      'mutation ($i: ChildInput!) { addChild(input: $i) { id } }',
      { i: { ...child, language: 'ja' } },
      parent,
    );
    if (added.errors) throw new Error(`add child failed: ${added.errors[0]?.message}`);
    const id = added.data.addChild.id;
    await gql(
      'mutation ($c: ID!, $p: String!) { giveConsent(childId: $c, password: $p) }',
      { c: id, p: options.password },
      parent,
    );
    const link = await gql<{ issueDeviceLink: { url: string } }>(
      'mutation ($c: ID!) { issueDeviceLink(childId: $c) { url } }',
      { c: id },
      parent,
    );
    const linkToken = decodeURIComponent(link.data.issueDeviceLink.url.split('#token=')[1]!);
    const signIn = await gql('mutation ($t: String!) { childSignInWithLink(token: $t) { me { id } } }', {
      t: linkToken,
    });
    if (!signIn.cookie) throw new Error(`child sign-in failed: ${signIn.errors?.[0]?.message}`);
    children.push({ id, cookie: signIn.cookie });
  }
  return { parent, children };
}
