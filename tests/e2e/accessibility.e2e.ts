/**
 * Accessibility beyond the journey: axe-core on every public page in both
 * themes, 200% zoom without horizontal scrolling, 44×44 px targets, and the
 * child chat used with the keyboard alone.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ja } from '../../apps/web/src/i18n/locales/ja';
import { familyWithDeviceLink } from './api';
import { axeSerious, describeViolations, launch, newContext, open, SHOTS_DIR } from './support';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const publicPages = [
  '/',
  '/signup',
  '/login',
  '/forgot-password',
  '/verify-email',
  '/reset-password',
  '/learn/signin',
  '/nowhere',
];

async function settle(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
}

describe('public pages', () => {
  it.each(['default', 'high-contrast'] as const)(
    'have no serious axe violations (%s theme)',
    async (theme) => {
      const context = await newContext(browser);
      await context.addInitScript((t) => localStorage.setItem('manabee.theme', t), theme);
      const page = await context.newPage();
      for (const url of publicPages) {
        await open(page, url);
        await settle(page);
        const violations = await axeSerious(page);
        expect(violations, `${url}:\n${describeViolations(violations)}`).toEqual([]);
      }
      await context.close();
    },
  );

  it('reflow at 200% zoom: no horizontal scrolling and nothing cut off', async () => {
    // 1280 px at 200% zoom is a 640 px CSS viewport with twice the text: emulate with root font-size.
    const context = await newContext(browser, 'ja-JP', { width: 640, height: 450 });
    const page = await context.newPage();
    for (const url of ['/', '/signup', '/learn/signin']) {
      await open(page, url);
      await settle(page);
      await page.addStyleTag({ content: 'html { font-size: 200% !important; }' });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${url} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(1);
    }
    await context.close();
  });

  it('keeps every control at least 44×44 CSS px', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    for (const url of ['/', '/signup', '/login', '/learn/signin']) {
      await open(page, url);
      await settle(page);
      const small = await page.evaluate(() =>
        [
          ...document.querySelectorAll<HTMLElement>(
            'button, select, input:not([type=checkbox]):not([type=radio]), .mb-button, nav a',
          ),
        ]
          .filter((el) => el.offsetParent !== null)
          .map((el) => ({ el: el.outerHTML.slice(0, 80), rect: el.getBoundingClientRect() }))
          .filter(({ rect }) => rect.width < 43.5 || rect.height < 43.5)
          .map(({ el, rect }) => `${el} ${Math.round(rect.width)}×${Math.round(rect.height)}`),
      );
      expect(small, url).toEqual([]);
    }
    await context.close();
  });

  it('the language choice persists across visits', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await open(page, '/');
    await page.getByLabel(ja.common.language).selectOption('en');
    await page
      .getByRole('heading', { level: 1, name: 'Children learn with an AI tutor. Parents stay in control.' })
      .waitFor();
    await page.reload();
    await page
      .getByRole('heading', { level: 1, name: 'Children learn with an AI tutor. Parents stay in control.' })
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();
  });
});

describe('child chat with the keyboard only', () => {
  it('reaches the subject picker and the question box, sends with Enter and uses a starter, all without a mouse', async () => {
    const link = await familyWithDeviceLink('ja', 'けんた');
    const context = await newContext(browser);
    const page = await context.newPage();
    await open(page, link);
    await page.waitForURL('**/learn');
    await page.getByRole('heading', { level: 1, name: ja.child.chatTitle }).waitFor();

    // After the sign-in redirect, focus was moved to the page's heading (route change announced).
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // On a fresh load the first Tab lands on the skip link, which jumps to the main content.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: ja.child.chatTitle }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(ja.common.skipToContent);
    const focusRing = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    expect(focusRing).not.toBe('none');
    await page.keyboard.press('Enter');

    // Tab forward to the subject picker, choose math with the arrow keys.
    const focused = () =>
      page.evaluate(
        () =>
          (document.activeElement as HTMLElement | null)?.getAttribute('id') ??
          document.activeElement?.tagName ??
          '',
      );
    let tabs = 0;
    while (
      (await page.evaluate(() => document.activeElement?.tagName)) !== 'SELECT' ||
      (await page.evaluate(() => document.activeElement?.classList.contains('mb-subject-select'))) !== true
    ) {
      await page.keyboard.press('Tab');
      if (++tabs > 25) throw new Error(`subject picker not reachable by Tab (at ${await focused()})`);
    }
    await page.keyboard.press('ArrowDown');
    expect(await page.getByTestId('current-subject').textContent()).toBe(ja.subjects.math);

    // Keep tabbing to the question box.
    tabs = 0;
    while ((await page.evaluate(() => document.activeElement?.tagName)) !== 'TEXTAREA') {
      await page.keyboard.press('Tab');
      if (++tabs > 25) throw new Error('question box not reachable by Tab');
    }
    expect(
      await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle),
    ).not.toBe('none');
    await page.keyboard.type('52-17は？');
    await page.keyboard.press('Enter');
    const reply = page.getByTestId('tutor-message').last();
    await reply.getByText('答え: 52 - 17 = 35', { exact: false }).waitFor();
    await page.getByRole('button', { name: ja.child.send }).waitFor();

    // Starter questions and buttons are reachable and operable with Enter/Space too.
    await page.getByRole('button', { name: ja.child.newChat }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    const starter = await page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(Object.values(ja.child.starters.lower)).toContain(starter);
    await page.keyboard.press('Space');
    await page.getByTestId('child-message').getByText(starter).waitFor();
    await page.screenshot({ path: path.join(SHOTS_DIR, 'child-chat-keyboard.png'), fullPage: true });
    await context.close();
  });
});
