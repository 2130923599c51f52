import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newestMailLink } from '../e2e/support';
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
// A parent who never clicked the verification link (support resends it below).
const LATE_PARENT = { email: `late-${Date.now()}@example.jp`, password: 'Yuzu-garden-mornings-7' };
const lateParent = new Api();
let lateSignUpAt = 0;

beforeAll(async () => {
  demo = demoCredentials();
  browser = await launch();
  await lateParent.call('mutation($i: SignUpInput!) { signUp(input: $i) { message } }', { i: LATE_PARENT });
  lateSignUpAt = Date.now();
  await lateParent.call('mutation($i: LogInInput!) { logIn(input: $i) { me { id } } }', { i: LATE_PARENT });
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

  it("finds a child by nickname, opens the family's account page (audited), and shows the system pages", async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Email, nickname, school or ID').fill(demo.child.nickname);
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByTestId('directory-results');
    await results.waitFor();
    const childRow = results
      .getByRole('row')
      .filter({ hasText: 'Child' })
      .filter({ hasText: demo.parentEmail });
    await expectAccessible(page, 'users-search');
    await childRow.getByRole('link', { name: demo.child.nickname }).click();
    await expect.poll(() => page.getByTestId('account-email').textContent()).toBe(demo.parentEmail);
    await expect.poll(() => page.getByTestId('family-children').textContent()).toContain(demo.child.nickname);
    await page.getByLabel('Reason for blocking').waitFor();
    await expectAccessible(page, 'users-account');
    await page.screenshot({ path: path.join(SHOTS, 'account.png'), fullPage: true });

    // The view itself is in the audit trail this page links to.
    await page.getByRole('link', { name: 'Audit log for this account' }).click();
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('auth.account.viewed');
    await page.goBack();
    await page.getByRole('link', { name: 'Back to user search' }).click();
    await results.waitFor();

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
    const { searchDirectory } = await adminApi.call<{
      searchDirectory: { accountId: string; label: string }[];
    }>('query($q: String!) { searchDirectory(query: $q) { accountId label } }', { q: demo.parentEmail });
    const parentId = searchDirectory.find((u) => u.label === demo.parentEmail)?.accountId ?? '';

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

    // Support helps a parent whose verification mail got lost, then ends their sessions.
    await s.page.goto(`${BASE_URL}/admin/users?q=${encodeURIComponent(LATE_PARENT.email)}`);
    await s.page.getByRole('link', { name: LATE_PARENT.email }).click();
    await expect.poll(() => s.page.getByTestId('user-verified').textContent()).toMatch(/^No/);
    expect(await s.page.getByRole('button', { name: 'Block account' }).count()).toBe(0);
    // One verification mail a minute per account: wait out the sign-up's if it was that recent.
    const wait = lateSignUpAt + 61_000 - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const firstLink = await newestMailLink('/verify-email', LATE_PARENT.email);
    await s.page.getByRole('button', { name: 'Resend verification email' }).click();
    await expect
      .poll(() => s.page.getByTestId('account-status').textContent())
      .toContain('Sent a new verification email');
    await expect.poll(() => newestMailLink('/verify-email', LATE_PARENT.email)).not.toBe(firstLink);
    const token = decodeURIComponent(
      (await newestMailLink('/verify-email', LATE_PARENT.email)).split('#token=')[1] ?? '',
    );
    await expect(
      lateParent.call('mutation($t: String!) { verifyEmail(token: $t) }', {
        t: decodeURIComponent(firstLink.split('#token=')[1] ?? ''),
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await lateParent.call('mutation($t: String!) { verifyEmail(token: $t) }', { t: token })).toEqual({
      verifyEmail: true,
    });
    await s.page.reload();
    await expect.poll(() => s.page.getByTestId('user-verified').textContent()).toMatch(/^Yes/);
    expect(await lateParent.call('query { me { id } }')).not.toEqual({ me: null });
    await s.page.getByRole('button', { name: 'End all sessions' }).click();
    await expect
      .poll(() => s.page.getByTestId('account-status').textContent())
      .toContain('Ended 1 session(s)');
    await s.page.getByTestId('no-sessions').waitFor();
    expect(await lateParent.call('query { me { id } }')).toEqual({ me: null });
    await expectAccessible(s.page, 'users-account-support');
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
