// @vitest-environment jsdom
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import type { ReviewItem } from '../src/api/types';
import { ReviewQueuePage } from '../src/pages/safety/review-queue';
import { fakeClient, renderWith } from './helpers';

afterEach(cleanup);

function item(id: string, overrides: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id,
    familyId: 'fam_1',
    childId: 'chd_1',
    source: 'child_message',
    category: 'self_harm',
    categories: ['self_harm'],
    severity: 'critical',
    state: 'new',
    raisedAt: '2026-01-01T00:00:00.000Z',
    claimedBy: null,
    claimedAt: null,
    resolvedBy: null,
    resolvedAt: null,
    waitedSeconds: 3720,
    noteCount: 0,
    ...overrides,
  };
}

function setup() {
  let items = [item('alr_1'), item('alr_2', { category: 'bullying', severity: 'high', waitedSeconds: 90 })];
  const client = fakeClient({
    reviewQueue: () => ({ total: items.length, items }),
    reviewItem: ({ id }) => ({
      ...items.find((i) => i.id === id),
      flaggedText: id === 'alr_1' ? 'もう死にたい' : 'みんなが無視する',
      context: [{ role: 'tutor', text: 'どうしたの？' }],
      notes: [],
    }),
    claimReview: ({ id }) => {
      items = items.map((i) => (i.id === id ? { ...i, state: 'in_review' as const } : i));
      return items.find((i) => i.id === id);
    },
    resolveReview: ({ id, o }) => {
      const done = items.find((i) => i.id === id);
      items = items.filter((i) => i.id !== id);
      return { ...done, state: o };
    },
    bulkResolveReviews: ({ ids }) => {
      items = items.filter((i) => !(ids as string[]).includes(i.id));
      return { updated: ids, skipped: [] };
    },
    safetyScannerVersions: () => ({ classifier: 'clf-2026.03.1', keywords: ['ja@7', 'en@3'] }),
    reportMissedMessage: ({ m, c, l }) => {
      if (m === 'msg_unknown')
        throw new GraphQLRequestError([{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }]);
      return { id: 'sfb_1', messageId: m, category: c, level: l, reportedBy: 'usr_1', createdAt: '' };
    },
  });
  return client;
}

const activeRow = () => screen.getAllByTestId('review-row').find((row) => row.dataset.active === 'true');

describe('review queue keyboard triage', () => {
  it('moves with j/k, shows the flagged message with its context and the time waited', async () => {
    const client = setup();
    const user = userEvent.setup();
    await renderWith(<ReviewQueuePage />, client);
    await screen.findByText('Alerts: 2');
    expect(within(activeRow()!).getByText('Self-harm')).toBeTruthy();
    expect(within(activeRow()!).getByText('1 h 2 min')).toBeTruthy();
    expect(await screen.findByTestId('flagged-text')).toHaveProperty('textContent', 'もう死にたい');
    expect(screen.getByText('どうしたの？')).toBeTruthy();

    await user.keyboard('j');
    expect(within(activeRow()!).getByText('Bullying')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('flagged-text').textContent).toBe('みんなが無視する'));
    await user.keyboard('j'); // stays on the last row
    expect(within(activeRow()!).getByText('Bullying')).toBeTruthy();
    await user.keyboard('k');
    expect(within(activeRow()!).getByText('Self-harm')).toBeTruthy();
  });

  it('claims with c, resolves with r and a note, marks a false positive with f', async () => {
    const client = setup();
    const user = userEvent.setup();
    await renderWith(<ReviewQueuePage />, client);
    await screen.findByText('Alerts: 2');

    await user.keyboard('c');
    await waitFor(() => expect(client.callsOf('claimReview')).toEqual([{ id: 'alr_1' }]));
    expect(await screen.findByText('Claimed.')).toBeTruthy();

    await user.keyboard('r');
    const note = await screen.findByLabelText('Note (optional)');
    expect(document.activeElement).toBe(note);
    // Typing in the note is text, not shortcuts: "j" must not move the selection.
    await user.type(note, 'called parent, ok');
    expect(within(activeRow()!).getByText('Self-harm')).toBeTruthy();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() =>
      expect(client.callsOf('resolveReview')).toEqual([
        { id: 'alr_1', o: 'resolved', n: 'called parent, ok' },
      ]),
    );
    expect(await screen.findByText('Resolved.')).toBeTruthy();
    await screen.findByText('Alerts: 1');
    expect(within(activeRow()!).getByText('Bullying')).toBeTruthy();

    await user.keyboard('f');
    const confirm = screen.getByRole('form', { name: 'Close as a false positive?' });
    await user.click(within(confirm).getByRole('button', { name: 'False positive' }));
    await waitFor(() =>
      expect(client.callsOf('resolveReview')[1]).toEqual({ id: 'alr_2', o: 'false_positive', n: null }),
    );
  });

  it('Escape cancels a pending resolution; ? toggles the shortcut help', async () => {
    const client = setup();
    const user = userEvent.setup();
    await renderWith(<ReviewQueuePage />, client);
    await screen.findByText('Alerts: 2');
    await user.keyboard('?');
    expect(screen.getByRole('region', { name: 'Keyboard shortcuts' })).toBeTruthy();
    expect(screen.getByText('Next alert')).toBeTruthy();
    await user.keyboard('?');
    expect(screen.queryByText('Next alert')).toBeNull();

    await user.keyboard('r');
    await screen.findByLabelText('Note (optional)');
    await user.keyboard('{Escape}');
    expect(screen.queryByLabelText('Note (optional)')).toBeNull();
    expect(client.callsOf('resolveReview')).toEqual([]);
  });

  it('selects with x and resolves in bulk', async () => {
    const client = setup();
    const user = userEvent.setup();
    await renderWith(<ReviewQueuePage />, client);
    await screen.findByText('Alerts: 2');
    await user.keyboard('x');
    await user.keyboard('j');
    await user.keyboard('x');
    expect(screen.getByText('Selected: 2')).toBeTruthy();
    await act(async () => {
      await user.click(screen.getByRole('button', { name: 'Resolve selected' }));
    });
    await waitFor(() => expect(client.callsOf('bulkResolveReviews')[0]?.ids).toEqual(['alr_1', 'alr_2']));
    expect(await screen.findByText('Updated 2, skipped 0.')).toBeTruthy();
    expect(await screen.findByText('The queue is empty.')).toBeTruthy();
  });

  it('passes the filters to the server', async () => {
    const client = setup();
    const user = userEvent.setup();
    await renderWith(<ReviewQueuePage />, client);
    await screen.findByText('Alerts: 2');
    await user.selectOptions(screen.getByLabelText('Severity'), 'critical');
    await user.selectOptions(screen.getByLabelText('Category'), 'self_harm');
    await user.selectOptions(screen.getByLabelText('Age'), '60');
    await user.selectOptions(screen.getByLabelText('State'), 'resolved');
    await waitFor(() =>
      expect(client.callsOf('reviewQueue').at(-1)?.f).toEqual({
        states: ['resolved'],
        severities: ['critical'],
        category: 'self_harm',
        minAgeMinutes: 60,
      }),
    );
  });

  it('shows the live classifier version', async () => {
    await renderWith(<ReviewQueuePage />, setup());
    const line = await screen.findByTestId('scanner-versions');
    expect(line.textContent).toBe('Classifier: clf-2026.03.1 · Keyword lists: ja@7, en@3');
  });

  it('reports a missed message with its category and level; an unknown id reads as not found', async () => {
    const client = setup();
    const user = userEvent.setup();
    await renderWith(<ReviewQueuePage />, client);
    await screen.findByText('Alerts: 2');
    await user.click(screen.getByRole('button', { name: 'Report a missed message' }));
    const form = screen.getByRole('form', { name: 'Report a missed message' });
    await user.type(within(form).getByLabelText(/Message ID/), 'msg_01');
    // Typing in the form is text, not shortcuts.
    expect(within(activeRow()!).getByText('Self-harm')).toBeTruthy();
    await user.selectOptions(within(form).getByLabelText('Category it belongs to'), 'self_harm');
    await user.selectOptions(within(form).getByLabelText('Self-harm level (optional)'), 'passive');
    await user.type(within(form).getByLabelText('Note (optional)'), 'wish to disappear');
    await user.click(within(form).getByRole('button', { name: 'Report' }));
    await waitFor(() =>
      expect(client.callsOf('reportMissedMessage')).toEqual([
        { m: 'msg_01', c: 'self_harm', l: 'passive', n: 'wish to disappear' },
      ]),
    );
    expect(await screen.findByText('Reported. It joins the next training set.')).toBeTruthy();

    await user.type(within(form).getByLabelText(/Message ID/), 'msg_unknown');
    await user.selectOptions(within(form).getByLabelText('Category it belongs to'), 'bullying');
    expect(within(form).queryByLabelText('Self-harm level (optional)')).toBeNull();
    await user.click(within(form).getByRole('button', { name: 'Report' }));
    expect(await screen.findByText('Not found.')).toBeTruthy();
    expect(client.callsOf('reportMissedMessage')[1]).toEqual({
      m: 'msg_unknown',
      c: 'bullying',
      l: null,
      n: null,
    });
  });
});
