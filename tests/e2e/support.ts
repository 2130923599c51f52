/** Shared helpers for the browser tests: the browser, the mail outbox, axe-core. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const BASE_URL = (process.env.MANABEE_E2E_URL ?? 'http://localhost:3000').replace(/\/$/, '');
export const DATA_DIR = process.env.MANABEE_DATA_DIR ?? '';
export const SHOTS_DIR = process.env.MANABEE_E2E_SHOTS ?? '/tmp/manabee-e2e';
// No service name in it: the server rightly refuses passwords that contain "manabee".
export const PASSWORD = 'Hachimitsu-garden-2030!';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

export async function launch(): Promise<Browser> {
  // Debian's Chromium; never a downloaded browser.
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export async function newContext(
  browser: Browser,
  locale = 'ja-JP',
  viewport = DESKTOP,
): Promise<BrowserContext> {
  return browser.newContext({ baseURL: BASE_URL, locale, viewport, timezoneId: 'Asia/Tokyo' });
}

/** Opens an app URL directly (as from an email); the server must answer app routes with index.html. */
export async function open(page: Page, url: string): Promise<void> {
  const target = url.startsWith('http') ? url.replace(/^https?:\/\/[^/]+/, BASE_URL) : `${BASE_URL}${url}`;
  const response = await page.goto(target);
  if (response && response.status() >= 400) {
    throw new Error(
      `${target} answered ${response.status()}: the server must serve apps/web/dist/index.html for app routes`,
    );
  }
}

function decodeMail(raw: string): string {
  const body = raw
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n');
  const qp = /content-transfer-encoding:\s*quoted-printable/i.test(raw)
    ? body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : body;
  const b64 = /content-transfer-encoding:\s*base64/i.test(raw)
    ? qp.replace(/[A-Za-z0-9+/=\r\n]{40,}/g, (block) =>
        Buffer.from(block.replace(/\s/g, ''), 'base64').toString('utf8'),
      )
    : qp;
  return b64;
}

/** The newest email in the outbox whose text contains `path`, decoded; waits for it to arrive. */
export async function newestMailLink(pathPart: string, to: string, timeoutMs = 20_000): Promise<string> {
  const dir = path.join(DATA_DIR, 'mail');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const files = await readdir(dir).catch(() => [] as string[]);
    const emls = await Promise.all(
      files
        .filter((f) => f.endsWith('.eml'))
        .map(async (f) => ({ f, mtime: (await stat(path.join(dir, f))).mtimeMs })),
    );
    emls.sort((a, b) => b.mtime - a.mtime || b.f.localeCompare(a.f));
    for (const { f } of emls) {
      const raw = await readFile(path.join(dir, f), 'utf8');
      if (!raw.toLowerCase().includes(to.toLowerCase())) continue;
      const text = decodeMail(raw);
      const match = new RegExp(`https?://\\S+${pathPart.replace(/[/-]/g, '\\$&')}#token=[^\\s"<>]+`).exec(
        text,
      );
      if (match) return match[0];
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no email to ${to} with a ${pathPart} link in ${dir}`);
}

const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

/** WCAG 2.0/2.1 A and AA rules; returns serious and critical violations only. */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  // evaluate, not a <script> tag: the server's CSP (script-src 'self') rightly blocks inline scripts.
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes)}`).join('\n');
}

export function uniqueEmail(tag: string): string {
  return `parent+${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/**
 * The axe-core scans of one test file: `check` fails on any serious or critical
 * violation and remembers the page state; `summary` is the line printed at the end.
 */
export function accessibilityScans() {
  const scanned: string[] = [];
  return {
    async check(page: Page, name: string): Promise<void> {
      const violations = await axeSerious(page);
      scanned.push(name);
      expect(violations, `${name}:\n${describeViolations(violations)}`).toEqual([]);
    },
    summary: () =>
      `axe-core: no serious/critical violations on ${scanned.length} page states: ${scanned.join(', ')}`,
  };
}

/** A full-page screenshot at phone and desktop widths; `settleMs` lets width-following content redraw. */
export async function shootBothWidths(page: Page, name: string, settleMs = 0): Promise<void> {
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    if (settleMs > 0) await page.waitForTimeout(settleMs);
    await page.screenshot({ path: path.join(SHOTS_DIR, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}
