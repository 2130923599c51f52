/**
 * The whole family journey in a real browser against the real server:
 * a parent signs up, verifies the email from the outbox, adds a child, consents,
 * relaxes quiet hours, issues a device link; the child opens it on another
 * device, asks "23+48は？" and watches a streamed, step-by-step reply, then
 * writes something worrying and is shown crisis lines; the parent checks alerts.
 * Runs in Japanese and in English. Every page visited is scanned with axe-core.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../apps/web/src/i18n/locales/en';
import { type Catalog, ja } from '../../apps/web/src/i18n/locales/ja';
import {
  accessibilityScans,
  launch,
  newContext,
  newestMailLink,
  open,
  PASSWORD,
  SHOTS_DIR,
  shootBothWidths,
  uniqueEmail,
} from './support';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  await mkdir(SHOTS_DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

interface Case {
  lang: 'ja' | 'en';
  locale: string;
  L: Catalog;
  child: string;
  question: string;
  steps: string[];
  worrying: string;
  crisisText: RegExp;
}

const cases: Case[] = [
  {
    lang: 'ja',
    locale: 'ja-JP',
    L: ja,
    child: 'はな',
    question: '23+48は？',
    steps: ['オフラインの先生', '3 + 8 = 11', '十の位に 1 くり上げる', '答え: 23 + 48 = 71'],
    worrying: 'もう死にたい',
    crisisText: /24時間子供SOSダイヤル[\s\S]*0120-0-78310/,
  },
  {
    lang: 'en',
    locale: 'en-US',
    L: en as Catalog,
    child: 'Sora',
    question: 'What is 23+48?',
    steps: ['offline tutor', 'carry 1 to the tens', 'Answer: 23 + 48 = 71'],
    worrying: 'I want to die',
    crisisText: /\d{2,}/,
  },
];

const axe = accessibilityScans();
const expectAccessible = axe.check;

const shoot = (page: Page, name: string) => shootBothWidths(page, name);

/** Records every text the newest tutor message shows, to prove it arrived in pieces. */
async function watchReplies(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __replyTexts: string[] }).__replyTexts = seen;
    new MutationObserver(() => {
      const messages = document.querySelectorAll('[data-testid="tutor-message"]');
      const text = messages[messages.length - 1]?.textContent ?? '';
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

describe.each(cases)(
  'family journey ($lang)',
  ({ lang, locale, L, child, question, steps, worrying, crisisText }) => {
    const email = uniqueEmail(lang);
    let deviceLink = '';
    let parent: Page;
    let kid: Page;

    it('a parent signs up and verifies the email from the outbox', async () => {
      parent = await (await newContext(browser, locale)).newPage();
      await open(parent, '/');
      await parent.getByRole('heading', { level: 1, name: L.landing.title }).waitFor();
      await expectAccessible(parent, `landing (${lang})`);

      await parent.getByRole('link', { name: L.landing.cta }).click();
      await parent.getByRole('heading', { name: L.auth.signUpTitle }).waitFor();
      await parent.getByLabel(L.auth.email).fill(email);
      await parent.getByLabel(L.auth.password, { exact: true }).fill(PASSWORD);
      await expectAccessible(parent, `sign-up (${lang})`);
      await parent.getByRole('button', { name: L.auth.signUpSubmit }).click();
      await parent.getByText(L.auth.signUpDone).waitFor();

      const link = await newestMailLink('/verify-email', email);
      await open(parent, link);
      await parent.getByText(L.auth.verified).waitFor();
      expect(new URL(parent.url()).hash).toBe(''); // the token leaves the address bar

      await parent.getByRole('main').getByRole('link', { name: L.auth.signInSubmit }).click();
      await parent.getByLabel(L.auth.email).fill(email);
      await parent.getByLabel(L.auth.password, { exact: true }).fill(PASSWORD);
      await expectAccessible(parent, `sign-in (${lang})`);
      await parent.getByRole('button', { name: L.auth.signInSubmit }).click();
      await parent.waitForURL('**/family');
      await parent.getByRole('heading', { level: 1, name: L.family.title }).waitFor();
    });

    it('adds a child, consents, relaxes quiet hours and issues a device link', async () => {
      await parent.getByRole('link', { name: L.family.stepAddChild }).click();
      await parent.getByLabel(L.children.nickname).fill(child);
      await parent.getByLabel(L.children.grade).selectOption('2');
      await expectAccessible(parent, `add child (${lang})`);
      await parent.getByRole('button', { name: L.children.saveChild }).click();

      await parent.waitForURL('**/consent');
      await parent.getByLabel(L.consent.passwordLabel).fill(PASSWORD);
      await expectAccessible(parent, `consent (${lang})`);
      await parent.getByRole('button', { name: L.consent.give }).click();
      await parent.getByTestId('consent-status').getByText(L.consent.valid).waitFor();

      // Default quiet hours (21:00–07:00) would refuse a test run at night: remove them.
      await parent.getByRole('link', { name: L.nav.children, exact: true }).click();
      await parent.getByRole('link', { name: `${L.children.controls}: ${child}` }).click();
      await parent.getByRole('button', { name: L.controls.removeQuiet }).first().waitFor();
      await expectAccessible(parent, `parental controls (${lang})`);
      while ((await parent.getByRole('button', { name: L.controls.removeQuiet }).count()) > 0) {
        await parent.getByRole('button', { name: L.controls.removeQuiet }).first().click();
      }
      await parent.getByRole('button', { name: L.common.save }).click();
      await parent.getByText(L.controls.saved).waitFor();

      await parent.getByRole('link', { name: L.nav.devices }).click();
      await parent.getByRole('button', { name: L.devices.issue }).click();
      const linkElement = parent.getByTestId('device-link');
      await linkElement.waitFor();
      deviceLink = (await linkElement.getAttribute('href')) ?? '';
      expect(deviceLink).toMatch(/\/learn\/link#token=/);
      await parent.getByRole('img', { name: L.devices.qrAlt.replace('{{name}}', child) }).waitFor();
      await expectAccessible(parent, `devices (${lang})`);

      await parent.getByRole('link', { name: L.nav.family, exact: true }).click();
      await parent.getByRole('heading', { level: 1, name: L.family.title }).waitFor();
      await shoot(parent, `parent-dashboard-${lang}`);
    });

    it('the child opens the link, asks a sum and sees a streamed, step-by-step reply', async () => {
      kid = await (await newContext(browser, locale)).newPage();
      await open(kid, deviceLink);
      await kid.waitForURL('**/learn');
      await kid.getByRole('heading', { level: 1, name: L.child.chatTitle }).waitFor();
      await expectAccessible(kid, `child chat (${lang})`);

      await watchReplies(kid);
      await kid.getByLabel(L.child.inputLabel).fill(question);
      await kid.getByLabel(L.child.inputLabel).press('Enter');
      const reply = kid.getByTestId('tutor-message').last();
      for (const step of steps) await reply.getByText(step, { exact: false }).waitFor();
      await kid.getByRole('button', { name: L.child.send }).waitFor(); // the stop button is gone: done
      const texts = await kid.evaluate(() => (window as unknown as { __replyTexts: string[] }).__replyTexts);
      expect(texts.length, 'the reply arrived in several pieces').toBeGreaterThan(2);
      expect(await kid.getByTestId('current-subject').textContent()).toBe(L.subjects.math);
      // Screen readers got sentences, not tokens.
      const announced = await kid.getByTestId('reply-announcer').locator('p').allTextContents();
      expect(announced.length).toBeGreaterThan(1);
      expect(announced.length).toBeLessThan(texts.length + 2);
      await expectAccessible(kid, `child chat with reply (${lang})`);
      await shoot(kid, `child-chat-${lang}`);
    });

    it('a worrying message brings up crisis lines for the child', async () => {
      await kid.getByLabel(L.child.inputLabel).fill(worrying);
      await kid.getByRole('button', { name: L.child.send }).click();
      const crisis = kid.getByRole('alert').filter({ hasText: L.child.crisisTitle });
      await crisis.waitFor();
      expect(await crisis.textContent()).toMatch(crisisText);
      expect(await crisis.getByRole('link').first().getAttribute('href')).toMatch(/^tel:/);
      await kid.getByRole('button', { name: L.child.send }).waitFor({ timeout: 60_000 });
      await expectAccessible(kid, `child chat with crisis lines (${lang})`);
      await shoot(kid, `child-crisis-${lang}`);
    });

    it('the parent sees the alert and acknowledges it', async () => {
      await parent.getByRole('link', { name: L.nav.alerts }).click();
      await parent.getByRole('heading', { level: 1, name: L.alerts.title }).waitFor();
      // The safety API exists: its "not available yet" state would be a failure here.
      const table = parent.getByRole('table');
      await table.waitFor();
      expect(await parent.getByText(L.alerts.unavailable).count()).toBe(0);
      await table.getByRole('row').filter({ hasText: child }).first().getByRole('link').click();
      await parent.getByRole('heading', { level: 1, name: L.alerts.detailTitle }).waitFor();
      expect(await parent.getByTestId('flagged-text').textContent()).toContain(worrying);
      await parent.getByRole('button', { name: L.alerts.acknowledge }).click();
      await parent.getByText(L.alerts.acknowledgedDone).waitFor();
      await expectAccessible(parent, `alerts (${lang})`);
      await shoot(parent, `parent-alerts-${lang}`);

      for (const [link, heading] of [
        [L.nav.conversations, L.conversations.title],
        [L.nav.notifications, L.notifications.title],
        [L.nav.account, L.account.title],
        [L.nav.children, L.children.title],
      ] as const) {
        await parent.getByRole('link', { name: link, exact: true }).click();
        await parent.getByRole('heading', { level: 1, name: heading }).waitFor();
        // A page may load in several sections (notifications: preferences and this device).
        await expect.poll(() => parent.getByText(L.common.loading).count()).toBe(0);
        await expectAccessible(parent, `${link} (${lang})`);
      }
    });

    afterAll(async () => {
      await parent?.context().close();
      await kid?.context().close();
    });
  },
);

afterAll(() => {
  console.log(axe.summary());
});
