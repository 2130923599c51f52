/** Shared pieces of the console's browser tests: credentials, TOTP, a Node API client, the browser, axe. */
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const BASE_URL = process.env.MANABEE_E2E_URL ?? 'http://localhost:3000';
export const SHOTS = process.env.MANABEE_E2E_SHOTS ?? '/tmp/manabee-admin-e2e';

export interface Operator {
  email: string;
  password: string;
  secret: string;
  userId?: string;
}

export interface DemoCredentials {
  admin: Operator;
  familyCode: string;
  child: { nickname: string; pin: string };
  parentEmail: string;
}

const secretOf = (uri: string) => new URL(uri).searchParams.get('secret') ?? '';

/** The demo accounts the server printed once on first start (apps/server/src/cli.ts printDemo). */
export function demoCredentials(): DemoCredentials {
  const log = readFileSync(process.env.MANABEE_E2E_LOG ?? '', 'utf8');
  const operator = /operator\s+(\S+)\s+password (\S+)\s+TOTP: (otpauth:\S+)/.exec(log);
  const family = /family code (\S+)/.exec(log);
  const child = /child\s+(\S+) \(grade \d+\)\s+PIN (\d+)/.exec(log);
  const parent = /parent\s+(\S+)\s+password/.exec(log);
  if (!operator || !family || !child || !parent)
    throw new Error('demo credentials not found in the server log');
  return {
    admin: { email: operator[1]!, password: operator[2]!, secret: secretOf(operator[3]!) },
    familyCode: family[1]!,
    child: { nickname: child[1]!, pin: child[2]! },
    parentEmail: parent[1]!,
  };
}

/** The operators run.sh made with `manabee create-admin` (support, reviewer). */
export function createdOperator(name: 'support' | 'reviewer'): Operator {
  const text = readFileSync(path.join(process.env.MANABEE_E2E_OPERATORS ?? '', `${name}.txt`), 'utf8');
  return {
    email: `${name}@e2e.manabee.test`,
    password: 'Qv7-mb-op-Lantern-42',
    secret: secretOf(/otpauth:\S+/.exec(text)?.[0] ?? ''),
    userId: /admin created: (\S+)/.exec(text)?.[1] ?? '',
  };
}

function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(Number.parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238: HMAC-SHA-1, 30 s steps, 6 digits (RFC 4226 dynamic truncation). */
export function totp(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, '0');
}

const usedSteps = new Map<string, number>();
/** A code for a step not used before with this secret (the server refuses replays), waiting if needed. */
export async function freshCode(secret: string): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    if ((usedSteps.get(secret) ?? -1) < step) {
      usedSteps.set(secret, step);
      return totp(secret, step);
    }
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 200));
  }
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** GraphQL from Node with the session cookie and CSRF header, as the console sends them. */
export class Api {
  private cookie = '';
  async call<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${BASE_URL}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-manabee-csrf': '1',
        origin: BASE_URL,
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const body = (await response.json()) as {
      data?: T;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    };
    const first = body.errors?.[0];
    if (first) throw new ApiError(first.extensions?.code ?? 'INTERNAL', first.message);
    return body.data as T;
  }

  /** Sign-in with password + TOTP; enrols on the first one (operators.ts). */
  async operatorSignIn(operator: Operator): Promise<void> {
    const { operatorLogIn } = await this.call<{ operatorLogIn: { totpEnrollmentRequired: boolean } }>(
      'mutation($i: OperatorLogInInput!) { operatorLogIn(input: $i) { totpEnrollmentRequired } }',
      {
        i: { email: operator.email, password: operator.password, totpCode: await freshCode(operator.secret) },
      },
    );
    if (operatorLogIn.totpEnrollmentRequired) {
      await this.call('mutation { enrollTotp { otpauthUri } }');
      await this.call('mutation($c: String!) { verifyTotp(code: $c) { me { id } } }', {
        c: await freshCode(operator.secret),
      });
    }
  }
}

export async function launch(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Signs in through the console's own form, enrolling TOTP when the server asks. */
export async function signInThroughUi(page: Page, operator: Operator): Promise<void> {
  await page.goto(`${BASE_URL}/admin/`);
  await page.getByLabel('Email').fill(operator.email);
  await page.getByLabel('Password').fill(operator.password);
  await page.getByLabel('One-time code (6 digits)').fill(await freshCode(operator.secret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  const enroll = page.getByRole('heading', { name: 'Set up two-factor authentication' });
  const nav = page.getByRole('navigation', { name: 'Console menu' });
  await enroll.or(nav).waitFor();
  if (await enroll.isVisible()) {
    expect(await page.getByTestId('totp-secret').textContent()).toBe(operator.secret);
    await page.getByLabel('One-time code (6 digits)').fill(await freshCode(operator.secret));
    await page.getByRole('button', { name: 'Verify and continue' }).click();
  }
  await nav.waitFor();
}

const axeSource = readFileSync(
  path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../node_modules/axe-core/axe.min.js'),
  'utf8',
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the current page: no serious or critical violation. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // evaluate runs in the page without being an inline script, so the app's CSP stays on.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${label}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  expect(bad).toEqual([]);
}
