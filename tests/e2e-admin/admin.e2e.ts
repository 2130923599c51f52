import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Api,
  ApiError,
  BASE_URL,
  createdOperator,
  type DemoCredentials,
  demoCredentials,
  expectAccessible,
  launch,
  SHOTS,
  signInThroughUi,
} from './support';

let browser: Browser;
let demo: DemoCredentials;

beforeAll(async () => {
  demo = demoCredentials();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  });
  return { context, page: await context.newPage() };
}

describe('operator console', () => {
  let admin: { context: BrowserContext; page: Page };

  it('an admin signs in with TOTP, finds the alert a child raised, reviews and resolves it', async () => {
    const child = new Api();
    await child.call(
      'mutation($f: String!, $n: String!, $p: String!) { childSignInWithPin(familyCode: $f, nickname: $n, pin: $p) { me { id } } }',
      {
        f: demo.familyCode,
        n: demo.child.nickname,
        p: demo.child.pin,
      },
    );
    await child.call('mutation($i: SendMessageInput!) { sendMessage(input: $i) { accepted } }', {
      i: { text: 'もう死にたい' },
    });

    admin = await newPage();
    const { page } = admin;
    await signInThroughUi(page, demo.admin);
    await page.getByRole('link', { name: 'Safety review' }).click();
    await page.getByRole('heading', { name: 'Safety review queue' }).waitFor();
    const row = page.getByTestId('review-row').filter({ hasText: 'Self-harm' }).first();
    await row.waitFor();
    await row.click();
    await expect.poll(() => page.getByTestId('flagged-text').textContent()).toContain('もう死にたい');
    await expectAccessible(page, 'safety');
    await page.screenshot({ path: path.join(SHOTS, 'review-queue.png'), fullPage: true });

    await page.keyboard.press('c');
    await page.getByText('Claimed.').waitFor();
    await page.keyboard.press('r');
    const note = page.getByLabel('Note (optional)');
    await note.waitFor();
    await note.fill('Parent was notified; child is safe.');
    await page
      .getByRole('form', { name: 'Resolve this alert?' })
      .getByRole('button', { name: 'Resolve' })
      .click();
    await page.getByText('Resolved.', { exact: true }).waitFor();

    await page.getByLabel('State').selectOption('resolved');
    const resolved = page.getByTestId('review-row').filter({ hasText: 'Self-harm' }).first();
    await resolved.waitFor();
    await expect.poll(() => resolved.textContent()).toContain('Resolved');
  });

  it('edits the ja keyword list, tests a phrase, saves, and the scanner uses it', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Content', exact: true }).click();
    const editor = page.getByLabel('List (JSON)');
    await editor.waitFor();
    await expect.poll(async () => (await editor.inputValue()).length).toBeGreaterThan(10);
    const term = 'ぷりんどろぼう';
    const list = JSON.parse(await editor.inputValue()) as { version: string; entries: unknown[] };
    list.version = `e2e-${Date.now()}`;
    list.entries.push({ term, category: 'bullying', severity: 'high' });
    // The shipped list is ~35 KB: set it the way an input event would (fill() types it far too slowly).
    await editor.evaluate(
      (element, value) => {
        const textarea = element as HTMLTextAreaElement;
        Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(textarea, value);
        textarea.dispatchEvent(new Event('input', { bubbles: true }));
      },
      JSON.stringify(list, null, 1),
    );
    await expectAccessible(page, 'content');

    await page.getByLabel('Phrase to test').fill(`きみは${term}だ`);
    await page.getByRole('button', { name: 'Test with the scanner' }).click();
    await expect.poll(() => page.getByTestId('phrase-result').textContent()).toContain(term);

    await page.getByLabel('Change note').fill('e2e: add a bullying term');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByText(`Saved and activated version ${list.version}.`).waitFor();
    await expect.poll(() => page.getByTestId('active-version').textContent()).toContain(list.version);
    await page.getByRole('cell', { name: 'e2e: add a bullying term' }).waitFor();

    // The saved list is now what the real scanner runs: test with the active list only.
    await page.getByLabel('Test with the list being edited').uncheck();
    await page.getByRole('button', { name: 'Test with the scanner' }).click();
    await expect.poll(() => page.getByTestId('phrase-result').textContent()).toContain(list.version);
    expect(await page.getByTestId('phrase-result').textContent()).toContain('Bullying');
  });

  it('searches the audit log, sees the chain verified, and exports CSV and JSON', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Audit log' }).click();
    await expect.poll(() => page.getByTestId('chain-result').textContent()).toMatch(/The chain is intact/);
    await page.getByLabel('Action', { exact: true }).fill('safety.review.*');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect
      .poll(() => page.getByTestId('audit-table').textContent())
      .toContain('safety.review.resolved');
    await expectAccessible(page, 'audit');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^manabee-audit-.*\.csv$/);
    const csvText = readFileSync((await csv.path()) ?? '', 'utf8');
    expect(csvText).toContain('safety.review.resolved');
    expect(csvText).not.toContain('auth.login.succeeded'); // the filter applies to the export
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export JSON' }).click(),
    ]);
    expect(readFileSync((await json.path()) ?? '', 'utf8')).toContain('safety.review.claimed');
  });

  it('shows users and system pages without serious accessibility problems', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Email or ID').fill('parent@demo');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: demo.parentEmail }).click();
    await page.getByLabel('Reason for blocking').waitFor();
    await expectAccessible(page, 'users');

    await page.getByRole('link', { name: 'System' }).click();
    await page.getByRole('heading', { name: 'Parts' }).waitFor();
    await page.getByRole('heading', { name: 'Dead letters' }).waitFor();
    await expect.poll(() => page.locator('main').textContent()).not.toContain('Loading');
    await page.screenshot({ path: path.join(SHOTS, 'system.png'), fullPage: true });
    await expectAccessible(page, 'system');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Operator sign-in' }).waitFor();
    await expectAccessible(page, 'sign-in');
    await admin.context.close();
  });

  it('a support user cannot open the safety queue; a safety reviewer cannot block accounts (UI and API)', async () => {
    const support = createdOperator('support');
    const reviewer = createdOperator('reviewer');
    const adminApi = new Api();
    await adminApi.operatorSignIn(demo.admin);
    await adminApi.call('mutation($u: ID!, $r: [String!]!) { setOperatorRoles(userId: $u, roles: $r) }', {
      u: support.userId,
      r: ['support'],
    });
    await adminApi.call('mutation($u: ID!, $r: [String!]!) { setOperatorRoles(userId: $u, roles: $r) }', {
      u: reviewer.userId,
      r: ['safety_reviewer'],
    });
    const { searchUsers } = await adminApi.call<{ searchUsers: { id: string; email: string }[] }>(
      'query($q: String!) { searchUsers(query: $q) { id email } }',
      { q: demo.parentEmail },
    );
    const parentId = searchUsers.find((u) => u.email === demo.parentEmail)?.id ?? '';

    // Support: no safety link, the route says "Not allowed", the API refuses.
    const s = await newPage();
    await signInThroughUi(s.page, support);
    const supportNav = s.page.getByRole('navigation', { name: 'Console menu' });
    expect(await supportNav.getByRole('link', { name: 'Safety review' }).count()).toBe(0);
    expect(await supportNav.getByRole('link', { name: 'Users' }).count()).toBe(1);
    await s.page.goto(`${BASE_URL}/admin/safety`);
    await s.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    const supportApi = new Api();
    await supportApi.operatorSignIn(support);
    await expect(supportApi.call('query { reviewQueue { total } }')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await s.context.close();

    // Reviewer: sees the queue, no users link, no block button path, the API refuses to block.
    const r = await newPage();
    await signInThroughUi(r.page, reviewer);
    const reviewerNav = r.page.getByRole('navigation', { name: 'Console menu' });
    expect(await reviewerNav.getByRole('link', { name: 'Safety review' }).count()).toBe(1);
    expect(await reviewerNav.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await r.page.goto(`${BASE_URL}/admin/users`);
    await r.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    expect(await r.page.getByRole('button', { name: 'Block account' }).count()).toBe(0);
    await r.page.goto(`${BASE_URL}/admin/content`);
    await r.page.getByText('Read only (admins edit)').waitFor();
    expect(await r.page.getByRole('button', { name: 'Save as a new version' }).count()).toBe(0);
    const reviewerApi = new Api();
    await reviewerApi.operatorSignIn(reviewer);
    const refused = await reviewerApi
      .call('mutation($u: ID!, $r: String!) { blockAccount(userId: $u, reason: $r) { id } }', {
        u: parentId,
        r: 'test',
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('FORBIDDEN');
    await r.context.close();
  }, 300_000); // three more TOTP sign-ins wait for fresh 30 s steps (no code replay)
});
