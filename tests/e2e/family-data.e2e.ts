/**
 * A parent takes the family's data out and then deletes the family, in a real
 * browser against the real server: a family made through the API whose child
 * asked "23+48は？"; the parent requests an export on the data page, watches it
 * reach ready, downloads the JSON (the child's nickname and question are in it),
 * then deletes the family through the UI and lands on the goodbye page. After
 * that the parent cannot sign in and the child's device is signed out.
 */
import { mkdir, readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ja } from '../../apps/web/src/i18n/locales/ja';
import { Api, type FamilyWithChild, familyWhoseChildAsked } from './api';
import {
  accessibilityScans,
  launch,
  newContext,
  open,
  PASSWORD,
  SHOTS_DIR,
  shootBothWidths,
} from './support';

const L = ja;
const NICKNAME = 'みらい';
const QUESTION = '23+48は？';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  await mkdir(SHOTS_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

const axe = accessibilityScans();
const expectAccessible = axe.check;

const shoot = (page: Page, name: string) => shootBothWidths(page, name);

/** Visible controls smaller than 44×44 CSS px in the main content (WCAG 2.5.5). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('main button, main input, main .mb-button')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el: el.outerHTML.slice(0, 80), rect: el.getBoundingClientRect() }))
      .filter(({ rect }) => rect.width < 43.5 || rect.height < 43.5)
      .map(({ el, rect }) => `${el} ${Math.round(rect.width)}×${Math.round(rect.height)}`),
  );
}

describe("a parent exports and deletes the family's data", () => {
  let family: FamilyWithChild;
  let child: Api;
  let parent: Page;

  it('sets up a family through the API whose child asks a sum', async () => {
    // The child's question and the tutor's reply are both stored before the parent looks.
    ({ family, child } = await familyWhoseChildAsked('ja', NICKNAME, QUESTION));
  });

  it('requests an export, sees it reach ready and downloads JSON with the child and the question', async () => {
    parent = await (await newContext(browser, 'ja-JP')).newPage();
    await open(parent, '/login');
    await parent.getByLabel(L.auth.email).fill(family.email);
    await parent.getByLabel(L.auth.password, { exact: true }).fill(PASSWORD);
    await parent.getByRole('button', { name: L.auth.signInSubmit }).click();
    await parent.waitForURL('**/family');

    await parent.getByRole('link', { name: L.nav.data, exact: true }).click();
    await parent.getByRole('heading', { level: 1, name: L.familyData.title }).waitFor();
    await parent.getByText(L.familyData.export.none).waitFor();
    await expectAccessible(parent, 'data page, no exports');

    // Record every progress value the bar shows on its way to ready.
    await parent.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __progress: string[] }).__progress = seen;
      new MutationObserver(() => {
        const value = document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow');
        if (value && seen[seen.length - 1] !== value) seen.push(value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await parent.getByRole('button', { name: L.familyData.export.request }).click();
    const download = parent.getByTestId('export-download');
    await download.waitFor({ timeout: 120_000 });
    await parent.getByRole('status').filter({ hasText: L.familyData.export.announceReady }).waitFor();
    const progress = await parent.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
    console.log(`[e2e] export progress seen: ${progress.join(' → ') || '(ready before the first poll)'}`);
    expect(await download.textContent()).toMatch(/^ダウンロード（JSON、.+）$/);
    expect(await download.getAttribute('download')).not.toBeNull();

    const [event] = await Promise.all([parent.waitForEvent('download'), download.click()]);
    const file = await event.path();
    const text = await readFile(file, 'utf8');
    const exported = JSON.parse(text) as Record<string, unknown>;
    expect(exported.format).toBe('manabee-family-export/1');
    expect(typeof exported.familyId).toBe('string');
    expect(typeof exported.exportedAt).toBe('string');
    for (const part of ['account', 'chat', 'safety', 'notification', 'ai'])
      expect(exported).toHaveProperty(part);
    expect(JSON.stringify(exported.account)).toContain(NICKNAME);
    expect(JSON.stringify(exported.chat)).toContain('23+48');
    console.log(`[e2e] export: ${event.suggestedFilename()}, ${text.length} characters`);

    await expectAccessible(parent, 'data page, export ready');
    expect(await smallTargets(parent)).toEqual([]);
    await shoot(parent, 'family-data-ja');

    const contrast = parent.getByRole('button', { name: L.common.highContrast });
    await contrast.click();
    // Colours ease over 150 ms: scan the settled theme, not a blend of the two.
    await parent.waitForFunction(() => document.getAnimations().length === 0);
    await expectAccessible(parent, 'data page, export ready, high contrast');
    await contrast.click();
    await parent.waitForFunction(() => document.getAnimations().length === 0);
  });

  it('deletes the family through the UI and shows the deleted page', async () => {
    const submit = parent.getByRole('button', { name: L.familyData.delete.submit });
    expect(await submit.isDisabled()).toBe(true);
    await parent.getByLabel(L.familyData.delete.confirmLabel).fill(` ${family.email.toUpperCase()} `);
    await parent.getByLabel(L.familyData.delete.password, { exact: true }).fill(PASSWORD);
    expect(await submit.isEnabled()).toBe(true);
    await submit.click();

    const question = parent.getByRole('heading', { name: L.familyData.delete.confirmTitle });
    await question.waitFor();
    expect(await question.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(parent, 'data page, last question before deleting');
    await shoot(parent, 'family-data-confirm-ja');

    await parent.getByRole('button', { name: L.familyData.delete.confirm }).click();
    await parent.waitForURL('**/family-deleted');
    const heading = parent.getByRole('heading', { level: 1, name: L.familyData.deleted.title });
    await heading.waitFor();
    // The page change is announced: focus moved to the new page's heading.
    await parent.waitForFunction(() => document.activeElement?.tagName === 'H1');
    await expectAccessible(parent, 'family deleted page');
    await shoot(parent, 'family-deleted-ja');

    // The cookie is gone: the parent area sends this browser to sign-in.
    await open(parent, '/family');
    await parent.waitForURL('**/login');
  });

  it('the same email and password no longer sign in, and the child device is signed out', async () => {
    const again = new Api();
    await expect(
      again.call('mutation($i: LogInInput!) { logIn(input: $i) { me { id } } }', {
        i: { email: family.email, password: PASSWORD },
      }),
    ).rejects.toThrow();
    // An ended session reads as nobody signed in (or is refused outright).
    const me = await child.call<{ me: { id: string } | null }>('query { me { id } }').then(
      (data) => data.me,
      () => null,
    );
    expect(me).toBeNull();
  });

  afterAll(async () => {
    await parent?.context().close();
    console.log(axe.summary());
  });
});
