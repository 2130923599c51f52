/**
 * The weekly learning report in a real browser against the real server: a
 * family made through the API whose child asks "23+48は？"; the parent opens
 * the report from the menu and sees this week (so far) with today's bar
 * holding the message and math as the subject, the chart's text alternative
 * and its table; steps back a week (quiet, first week) and returns; opens the
 * notification's link; checks what prints. Every state is scanned with axe-core (also in high
 * contrast) and photographed at phone and desktop widths.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ja } from '../../apps/web/src/i18n/locales/ja';
import { addDays, todayIn } from '../../apps/web/src/pages/parent/report-week';
import { type FamilyWithChild, familyWhoseChildAsked } from './api';
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
const NICKNAME = 'はると';
const QUESTION = '23+48は？';
// familyWithChild signs the parent up in Asia/Tokyo; the browser context runs in the same zone.
const ZONE = 'Asia/Tokyo';

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

// The chart follows its box's width: let it redraw before each picture.
const shoot = (page: Page, name: string) => shootBothWidths(page, name, 150);

function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

describe('the weekly learning report', () => {
  let family: FamilyWithChild;
  let parent: Page;
  const today = todayIn(ZONE);
  const thisWeek = mondayOf(today);

  it('sets up a family through the API whose child asks a sum', async () => {
    // The child's question and the tutor's reply are both stored before the parent looks.
    ({ family } = await familyWhoseChildAsked('ja', NICKNAME, QUESTION));
  });

  it('the parent opens the report and sees today with the message and math as the subject', async () => {
    parent = await (await newContext(browser, 'ja-JP')).newPage();
    await open(parent, '/login');
    await parent.getByLabel(L.auth.email).fill(family.email);
    await parent.getByLabel(L.auth.password, { exact: true }).fill(PASSWORD);
    await parent.getByRole('button', { name: L.auth.signInSubmit }).click();
    await parent.waitForURL('**/family');

    await parent.getByRole('link', { name: L.nav.reports, exact: true }).click();
    await parent.getByRole('heading', { level: 1, name: L.reports.title }).waitFor();
    const week = parent.getByTestId('report-week');
    await week.waitFor();
    expect(await week.textContent()).toContain(NICKNAME);
    await parent.getByText(L.reports.soFar).waitFor();
    expect(await parent.getByRole('button', { name: L.reports.nextWeek }).isDisabled()).toBe(true);

    // The chart is an image with a text alternative; by messages, today's bar holds the question.
    await parent.getByRole('img', { name: L.reports.chart.minutesTitle }).waitFor();
    await parent.getByRole('radio', { name: L.reports.messages }).check();
    const chart = parent.getByRole('img', { name: L.reports.chart.messagesTitle });
    await chart.waitFor();
    const bar = chart.locator(`[data-date="${today}"]`);
    expect(await bar.getAttribute('data-today')).toBe('true');
    const messagesToday = Number(await bar.getAttribute('data-value'));
    expect(messagesToday).toBeGreaterThanOrEqual(1);
    const box = await bar.locator('rect').boundingBox();
    expect(box?.height ?? 0).toBeGreaterThan(0);
    expect(await chart.getAttribute('aria-describedby')).toBeTruthy();

    // The same numbers in the table (read by screen readers, shown on request).
    const row = parent.locator(`tr[data-date="${today}"]`);
    expect(await row.textContent()).toContain(L.reports.chart.today);
    await parent.getByRole('button', { name: L.reports.tableToggle }).click();
    await row.waitFor({ state: 'visible' });

    const subjects = parent.getByTestId('report-subjects');
    expect(await subjects.textContent()).toContain(L.subjects.math);
    // A new family: last week had nothing, so no percentage.
    expect(await parent.getByTestId('report-messages').textContent()).toContain(L.reports.compare.first);
    await parent.getByTestId('report-safety').waitFor();
    console.log(
      `[e2e] report ${thisWeek}: ${messagesToday} message(s) today; ${(await week.textContent()) ?? ''}`,
    );

    await expectAccessible(parent, 'weekly report, this week');
    await shoot(parent, 'weekly-report-ja');

    const contrast = parent.getByRole('button', { name: L.common.highContrast });
    await contrast.click();
    // Colours ease over 150 ms and bars grow: scan the settled page.
    await parent.waitForFunction(() => document.getAnimations().length === 0);
    await expectAccessible(parent, 'weekly report, high contrast');
    await shoot(parent, 'weekly-report-contrast-ja');
    await contrast.click();
    await parent.waitForFunction(() => document.getAnimations().length === 0);
  });

  it('steps back a week (a quiet one) and comes back, keeping the week in the address', async () => {
    await parent.getByRole('button', { name: L.reports.previousWeek }).click();
    const lastWeek = addDays(thisWeek, -7);
    await parent.waitForURL(`**/family/reports?child=${family.childId}&week=${lastWeek}`);
    await parent.getByText(L.reports.quiet.replace('{{name}}', NICKNAME)).waitFor();
    expect(await parent.getByText(L.reports.soFar).count()).toBe(0);
    expect(await parent.getByRole('button', { name: L.reports.nextWeek }).isEnabled()).toBe(true);
    await expectAccessible(parent, 'weekly report, last week (quiet)');

    await parent.getByRole('button', { name: L.reports.nextWeek }).click();
    await parent.waitForURL(`**/family/reports?child=${family.childId}&week=${thisWeek}`);
    await parent.getByText(L.reports.soFar).waitFor();
    expect(await parent.getByRole('button', { name: L.reports.nextWeek }).isDisabled()).toBe(true);
  });

  it("opens the weekly notification's link straight to the child's week", async () => {
    await open(parent, `/family/reports?child=${family.childId}&week=${thisWeek}`);
    await parent.getByRole('heading', { level: 1, name: L.reports.title }).waitFor();
    await parent.getByRole('img', { name: L.reports.chart.minutesTitle }).waitFor();
    expect(await parent.getByTestId('report-subjects').textContent()).toContain(L.subjects.math);
  });

  it('prints the report alone: no menu or buttons, the numbers as a table', async () => {
    const row = parent.locator(`tr[data-date="${today}"]`);
    const table = parent.locator('.mb-report-table');
    // On screen the table waits to be asked for (clipped to 1 px, still read by screen readers).
    expect((await table.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);
    await parent.emulateMedia({ media: 'print' });
    try {
      expect(await parent.locator('.mb-header').isVisible()).toBe(false);
      expect(await parent.getByRole('button', { name: L.reports.print }).isVisible()).toBe(false);
      expect(await parent.getByRole('button', { name: L.reports.previousWeek }).isVisible()).toBe(false);
      expect((await table.boundingBox())?.width ?? 0).toBeGreaterThan(200);
      expect(await row.textContent()).toContain(L.reports.chart.today);
      expect(await parent.getByTestId('report-week').isVisible()).toBe(true);
      await parent.screenshot({ path: path.join(SHOTS_DIR, 'weekly-report-print-ja.png'), fullPage: true });
    } finally {
      await parent.emulateMedia({ media: null });
    }
  });

  afterAll(async () => {
    await parent?.context().close();
  });
});

afterAll(() => {
  console.log(axe.summary());
});
