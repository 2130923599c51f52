// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GraphQLRequestError, type Variables } from '../src/api/client';
import type { WeeklyReport } from '../src/api/reports';
import { Providers } from '../src/app';
import { createI18n } from '../src/i18n/index';
import { en } from '../src/i18n/locales/en';
import { addDays, compareWeeks, isLatestWeek, isPlainDate, todayIn } from '../src/pages/parent/report-week';
import { ReportsPage } from '../src/pages/parent/reports';
import { type FakeClient, fakeClient } from './helpers';

// Wednesday 2030-01-09, noon in Tokyo: the running week is Mon 7 – Sun 13 January.
const NOW = new Date('2030-01-09T03:00:00Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

const HANA = 'chd_0000000000001';
const SORA = 'chd_0000000000002';

function week(start: string, over: Partial<WeeklyReport> = {}): WeeklyReport {
  const minutes = [10, 0, 32, 0, 0, 0, 0];
  const messages = [6, 0, 14, 0, 0, 0, 0];
  return {
    childId: HANA,
    nickname: 'Hana',
    weekStart: start,
    weekEnd: addDays(start, 6),
    timeZone: 'Asia/Tokyo',
    complete: start < '2030-01-07',
    days: minutes.map((m, i) => ({ date: addDays(start, i), minutes: m, messages: messages[i]! })),
    totalMessages: 20,
    totalMinutes: 42,
    activeDays: 2,
    conversations: 3,
    subjects: [
      { subject: 'math', messages: 15 },
      { subject: 'science', messages: 5 },
    ],
    previous: { totalMessages: 25, totalMinutes: 35, activeDays: 4 },
    safetyAlerts: [],
    concerns: [],
    highlights: [],
    ...over,
  };
}

function children() {
  return [
    { id: HANA, nickname: 'Hana' },
    { id: SORA, nickname: 'Sora' },
  ];
}

/** Answers like the server: the week containing weekOf, the running week without it. */
function reportClient(over: (variables: Variables) => Partial<WeeklyReport> = () => ({})): FakeClient {
  return fakeClient({
    children,
    weeklyReport: (variables) => {
      const weekOf = (variables.weekOf as string | null) ?? '2030-01-07';
      const monday = addDays(weekOf, -((new Date(`${weekOf}T00:00:00Z`).getUTCDay() + 6) % 7));
      const nickname = variables.childId === SORA ? 'Sora' : 'Hana';
      return week(monday, { childId: variables.childId as string, nickname, ...over(variables) });
    },
  });
}

function Address() {
  const location = useLocation();
  return <output data-testid="address">{`${location.pathname}${location.search}`}</output>;
}

async function renderAt(url: string, client: FakeClient, language: 'ja' | 'en' = 'en') {
  const i18n = await createI18n(language, { en });
  return render(
    <Providers client={client} i18n={i18n}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route
            path="/family/reports"
            element={
              <>
                <ReportsPage />
                <Address />
              </>
            }
          />
        </Routes>
      </MemoryRouter>
    </Providers>,
  );
}

const reportCalls = (client: FakeClient) => client.calls.filter((c) => c.query.includes('weeklyReport'));
const address = () => screen.getByTestId('address').textContent;

describe('report-week', () => {
  it('does calendar math on plain dates', () => {
    expect(addDays('2030-01-07', -7)).toBe('2029-12-31');
    expect(addDays('2030-02-27', 2)).toBe('2030-03-01');
    expect(isPlainDate('2030-01-07')).toBe(true);
    expect(isPlainDate('2030-02-30')).toBe(false);
    expect(isPlainDate('next week')).toBe(false);
    expect(todayIn('Asia/Tokyo', new Date('2030-01-09T20:00:00Z'))).toBe('2030-01-10');
    expect(todayIn('America/Los_Angeles', new Date('2030-01-09T03:00:00Z'))).toBe('2030-01-08');
    expect(todayIn('Not/AZone', new Date('2030-01-09T03:00:00Z'))).toBe('2030-01-09');
  });

  it('compares weeks without dividing by zero', () => {
    expect(compareWeeks(42, 35)).toEqual({ kind: 'more', percent: 20 });
    expect(compareWeeks(10, 40)).toEqual({ kind: 'less', percent: 75 });
    expect(compareWeeks(35, 35)).toEqual({ kind: 'same' });
    expect(compareWeeks(12, 0)).toEqual({ kind: 'first' });
    expect(compareWeeks(0, 0)).toEqual({ kind: 'quiet' });
  });

  it('knows the latest week: still running, or the next one has not started', () => {
    expect(isLatestWeek({ weekStart: '2030-01-07', complete: false, timeZone: 'Asia/Tokyo' }, NOW)).toBe(
      true,
    );
    expect(isLatestWeek({ weekStart: '2029-12-31', complete: true, timeZone: 'Asia/Tokyo' }, NOW)).toBe(
      false,
    );
    // Sunday night in Tokyo: last week is complete but this one has not begun there yet.
    const sunday = new Date('2030-01-13T14:00:00Z');
    expect(isLatestWeek({ weekStart: '2030-01-07', complete: true, timeZone: 'Asia/Tokyo' }, sunday)).toBe(
      true,
    );
  });
});

describe('weekly report page', () => {
  it('shows the totals, the comparison with last week, subjects and a chart with a text alternative', async () => {
    const client = reportClient();
    await renderAt('/family/reports', client);

    const minutes = await screen.findByTestId('report-minutes');
    expect(minutes).toHaveTextContent('42 min');
    expect(minutes).toHaveTextContent('20% more than last week (35 min)');
    expect(screen.getByTestId('report-messages')).toHaveTextContent('20% less than last week (25)');
    expect(screen.getByTestId('report-active-days')).toHaveTextContent('2 of 7');
    expect(screen.getByTestId('report-active-days')).toHaveTextContent('Last week: 4 of 7');
    expect(screen.getByTestId('report-conversations')).toHaveTextContent('3');
    expect(screen.getByRole('heading', { level: 2, name: /^Hana: Jan 7\s–\s13, 2030$/ })).toBeInTheDocument();
    expect(screen.getByText('This week (so far)')).toBeInTheDocument();

    const chart = screen.getByRole('img', { name: 'Minutes of learning per day' });
    expect(chart).toHaveAccessibleDescription(
      /^Jan 7\s–\s13, 2030\. Monday: 10 min, Tuesday: 0 min, Wednesday: 32 min, Thursday: not yet, Friday: not yet, Saturday: not yet, and Sunday: not yet\. Total: 42 min\.$/,
    );
    // Day labels come from Intl, in the page's language; today is marked.
    expect(within(chart).getByText('Mon')).toBeInTheDocument();
    expect(chart.querySelector('[data-today="true"]')).toHaveAttribute('data-date', '2030-01-09');

    const subjects = within(screen.getByTestId('report-subjects')).getAllByRole('listitem');
    expect(subjects[0]).toHaveTextContent('Maths');
    expect(subjects[0]).toHaveTextContent('75% of messages (15)');
    expect(subjects[1]).toHaveTextContent('Science');
    expect(document.body).not.toHaveTextContent(/\bmath\b|science\b/);

    expect(screen.getByTestId('report-safety')).toHaveTextContent('No safety alerts this week.');
    expect(reportCalls(client)[0]?.variables).toEqual({ childId: HANA, weekOf: null });
  });

  it('switches the chart to messages and keeps the same numbers in a table that can be shown', async () => {
    const user = userEvent.setup();
    await renderAt('/family/reports', reportClient());
    await screen.findByRole('img', { name: 'Minutes of learning per day' });

    await user.click(screen.getByRole('radio', { name: 'Messages' }));
    const chart = screen.getByRole('img', { name: 'Messages per day' });
    expect(chart).toHaveAccessibleDescription(/Monday: 6, Tuesday: 0, Wednesday: 14,.*Total: 20\./);

    const table = screen.getByRole('table', { name: 'Minutes and messages per day' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(8);
    expect(rows[1]).toHaveTextContent('Mon, Jan 710 min6');
    expect(rows[3]).toHaveTextContent('Wed, Jan 9 (Today)32 min14');
    expect(rows[4]).toHaveTextContent('not yet');
    const toggle = screen.getByRole('button', { name: 'Show the numbers as a table' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(table.closest('[data-shown]')).toHaveAttribute('data-shown', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(table.closest('[data-shown]')).toHaveAttribute('data-shown', 'true');
  });

  it('says "first active week" instead of a percentage when last week had nothing', async () => {
    await renderAt(
      '/family/reports',
      reportClient(() => ({ previous: { totalMessages: 0, totalMinutes: 0, activeDays: 0 } })),
    );
    expect(await screen.findByTestId('report-minutes')).toHaveTextContent('42 minFirst active week');
    expect(screen.getByTestId('report-messages')).toHaveTextContent('First active week');
    expect(document.body).not.toHaveTextContent(/Infinity|NaN/);
  });

  it('moves between weeks through the query variables and the address, never past this week', async () => {
    const user = userEvent.setup();
    const client = reportClient();
    await renderAt(`/family/reports?child=${SORA}`, client);

    await screen.findByRole('heading', { level: 2, name: /^Sora: Jan 7\s–\s13, 2030$/ });
    expect(screen.getByRole('combobox', { name: 'Choose a child' })).toHaveValue(SORA);
    const next = screen.getByRole('button', { name: 'Next week' });
    expect(next).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Previous week' }));
    await screen.findByRole('heading', { level: 2, name: /^Sora: Dec 31, 2029\s–\sJan 6, 2030$/ });
    expect(reportCalls(client).at(-1)?.variables).toEqual({ childId: SORA, weekOf: '2029-12-31' });
    expect(address()).toBe(`/family/reports?child=${SORA}&week=2029-12-31`);
    expect(screen.queryByText('This week (so far)')).not.toBeInTheDocument();

    expect(screen.getByRole('button', { name: 'Next week' })).toBeEnabled();
    await user.click(screen.getByRole('button', { name: 'Next week' }));
    await screen.findByRole('heading', { level: 2, name: /^Sora: Jan 7\s–\s13, 2030$/ });
    expect(reportCalls(client).at(-1)?.variables).toEqual({ childId: SORA, weekOf: '2030-01-07' });
    expect(address()).toBe(`/family/reports?child=${SORA}&week=2030-01-07`);
    expect(screen.getByRole('button', { name: 'Next week' })).toBeDisabled();

    // Choosing another child keeps the week.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Choose a child' }), HANA);
    await screen.findByRole('heading', { level: 2, name: /^Hana: Jan 7\s–\s13, 2030$/ });
    expect(address()).toBe(`/family/reports?child=${HANA}&week=2030-01-07`);
    expect(reportCalls(client).at(-1)?.variables).toEqual({ childId: HANA, weekOf: '2030-01-07' });
  });

  it('opens the week of the notification link (?child=&week=) and ignores a week that is not a date', async () => {
    const client = reportClient();
    await renderAt(`/family/reports?child=${HANA}&week=2029-12-31`, client);
    await screen.findByRole('heading', { level: 2, name: /^Hana: Dec 31, 2029\s–\sJan 6, 2030$/ });
    expect(reportCalls(client)[0]?.variables).toEqual({ childId: HANA, weekOf: '2029-12-31' });
    cleanup();

    const other = reportClient();
    await renderAt(`/family/reports?child=${HANA}&week=soon`, other);
    await screen.findByRole('heading', { level: 2, name: /^Hana: Jan 7\s–\s13, 2030$/ });
    expect(reportCalls(other)[0]?.variables).toEqual({ childId: HANA, weekOf: null });
  });

  it('words the highlights kindly, with the child’s name and subject labels, and leaves unknown kinds out', async () => {
    await renderAt(
      '/family/reports',
      reportClient(() => ({
        highlights: [
          { kind: 'top_subject', subject: 'math', date: null, count: null },
          { kind: 'streak', subject: null, date: null, count: 3 },
          { kind: 'most_active_day', subject: null, date: '2030-01-09', count: 14 },
          { kind: 'new_subject', subject: 'science', date: null, count: null },
          { kind: 'more_than_last_week', subject: null, date: null, count: 20 },
          { kind: 'something_new', subject: null, date: null, count: null },
        ],
      })),
    );
    const items = within(await screen.findByTestId('report-highlights')).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'Hana spent most time on Maths. Ask what they found most interesting.',
      'Hana learned 3 days in a row. Keeping at it like that deserves praise!',
      "Wednesday, January 9 was Hana's busiest day. Ask what they were exploring that day.",
      'Hana tried Science for the first time this week. Cheer on the new challenge!',
      'Hana spent 20% more time learning than last week. That effort is worth noticing.',
    ]);
    expect(document.body).not.toHaveTextContent(/top_subject|something_new/);
  });

  it('words highlights in Japanese too, with weekday labels from Intl', async () => {
    await renderAt(
      '/family/reports',
      reportClient(() => ({
        highlights: [{ kind: 'top_subject', subject: 'math', date: null, count: null }],
      })),
      'ja',
    );
    expect(await screen.findByTestId('report-highlights')).toHaveTextContent(
      'Hanaさんがいちばん時間を使ったのはさんすう・数学でした。どんなところがおもしろかったか聞いてみましょう。',
    );
    const chart = screen.getByRole('img', { name: '1日ごとの学習時間（分）' });
    expect(within(chart).getByText('月')).toBeInTheDocument();
    expect(screen.getByTestId('report-minutes')).toHaveTextContent('42 分');
  });

  it('counts the week’s safety alerts by severity and links to the alerts page', async () => {
    await renderAt(
      '/family/reports',
      reportClient(() => ({
        safetyAlerts: [
          { severity: 'low', count: 2 },
          { severity: 'critical', count: 1 },
          { severity: 'medium', count: 0 },
        ],
      })),
    );
    const safety = await screen.findByTestId('report-safety');
    expect(safety).toHaveTextContent('Safety alerts this week: 3');
    const badges = within(safety).getAllByRole('listitem');
    expect(badges.map((b) => b.textContent)).toEqual(['Critical: 1', 'Low: 2']);
    expect(within(safety).getByRole('link', { name: 'See safety alerts' })).toHaveAttribute(
      'href',
      '/family/alerts',
    );
  });

  it('counts concerns in plain words, with advice for bullying, and never shows personal information', async () => {
    await renderAt(
      '/family/reports',
      reportClient(() => ({
        concerns: [
          { category: 'bullying', messages: 2 },
          { category: 'profanity', messages: 1 },
          { category: 'personal_info', messages: 1 },
          { category: 'something_new', messages: 3 },
        ],
      })),
    );
    const safety = await screen.findByTestId('report-safety');
    // No alerts were raised, and the concerns still reach the parent.
    expect(safety).toHaveTextContent('No safety alerts this week.');
    const concerns = within(safety).getByRole('region', { name: 'Topics that came up' });
    expect(
      within(concerns).getByRole('heading', { level: 3, name: 'Topics that came up' }),
    ).toBeInTheDocument();
    expect(
      within(concerns)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Talked about being bullied: 2 times', 'Used rude language: 1 time']);
    expect(concerns).toHaveTextContent(
      'Talk with Hana calmly and ask what happened, without blame. If it keeps happening, contact the school.',
    );
    expect(document.body).not.toHaveTextContent(/personal|something_new|bullying/);
    cleanup();

    await renderAt(
      '/family/reports',
      reportClient(() => ({ concerns: [{ category: 'bullying', messages: 2 }] })),
      'ja',
    );
    const ja = await screen.findByTestId('report-concerns');
    expect(within(ja).getByRole('listitem')).toHaveTextContent('いじめについての話: 2回');
    expect(ja).toHaveTextContent('学校に相談しましょう');
  });

  it('shows no concerns and no advice when nothing was flagged', async () => {
    await renderAt(
      '/family/reports',
      reportClient(() => ({ concerns: [{ category: 'profanity', messages: 1 }] })),
    );
    const safety = await screen.findByTestId('report-safety');
    expect(safety).toHaveTextContent('Used rude language: 1 time');
    expect(safety).not.toHaveTextContent(/contact the school/);
    cleanup();

    await renderAt('/family/reports', reportClient());
    expect(await screen.findByTestId('report-safety')).toHaveTextContent('No safety alerts this week.');
    expect(screen.queryByTestId('report-concerns')).not.toBeInTheDocument();
  });

  it('shows a quiet week kindly, without an empty chart', async () => {
    await renderAt(
      '/family/reports',
      reportClient(() => ({
        days: week('2030-01-07').days.map((d) => ({ ...d, minutes: 0, messages: 0 })),
        totalMessages: 0,
        totalMinutes: 0,
        activeDays: 0,
        conversations: 0,
        subjects: [],
        previous: { totalMessages: 0, totalMinutes: 0, activeDays: 0 },
        highlights: [{ kind: 'quiet_week', subject: null, date: null, count: null }],
      })),
    );
    expect(
      await screen.findByText("Hana didn't learn with Manabee this week. Weeks like that are fine."),
    ).toBeInTheDocument();
    expect(screen.getByTestId('report-minutes')).toHaveTextContent('Last week was quiet too');
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(screen.getByTestId('report-highlights')).toHaveTextContent(/A quiet week\. Asking Hana/);
  });

  it('says reports are on their way when the server does not have them yet', async () => {
    const client = fakeClient({
      children,
      weeklyReport: () => {
        throw new GraphQLRequestError([
          {
            message: 'Cannot query field "weeklyReport" on type "Query".',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ]);
      },
    });
    await renderAt('/family/reports', client);
    expect(
      await screen.findByText('Weekly reports will appear here soon (the server part is being prepared).'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('shows a refusal (NOT_FOUND) in words, not codes', async () => {
    const client = fakeClient({
      children,
      weeklyReport: () => {
        throw new GraphQLRequestError([{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }]);
      },
    });
    await renderAt('/family/reports?child=chd_0000000000099', client);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "We couldn't find a report for this child. Please choose one of your family's children.",
    );
    expect(document.body).not.toHaveTextContent('NOT_FOUND');
    // The unknown id is not shown as one of the family's children.
    expect(screen.getByRole('combobox', { name: 'Choose a child' })).toHaveValue('');
  });

  it('reports other failures in the reader’s language', async () => {
    const client = fakeClient({
      children,
      weeklyReport: () => {
        throw new GraphQLRequestError([{ message: 'down' }], 'NETWORK');
      },
    });
    await renderAt('/family/reports', client, 'ja');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'サーバーにつながりません。通信環境を確認してください。',
    );
  });

  it('prints through the browser', async () => {
    const user = userEvent.setup();
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    await renderAt('/family/reports', reportClient());
    await user.click(await screen.findByRole('button', { name: 'Print or save as PDF' }));
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
    print.mockRestore();
  });
});
