// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import type { SafetyAlert } from '../src/api/optional';
import { AlertDetailPage, AlertsPage } from '../src/pages/parent/alerts';
import { fakeClient, renderWith } from './helpers';

afterEach(cleanup);

const alert = (over: Partial<SafetyAlert>): SafetyAlert => ({
  id: 'alr_0000000000001',
  childId: 'chd_0000000000001',
  conversationId: 'cnv_0000000000001',
  category: 'self_harm',
  severity: 'critical',
  categories: ['self_harm'],
  raisedAt: '2030-01-02T03:04:05.000Z',
  acknowledgedAt: null,
  ...over,
});

describe('safety alerts list', () => {
  it('lists alerts with severity, status and a link to each', async () => {
    const client = fakeClient({
      safetyAlerts: () => [
        alert({}),
        alert({
          id: 'alr_0000000000002',
          childId: 'chd_0000000000002',
          category: 'personal_info',
          categories: ['personal_info'],
          severity: 'low',
          acknowledgedAt: '2030-01-03T00:00:00Z',
        }),
      ],
      children: () => [
        { id: 'chd_0000000000001', nickname: 'はな' },
        { id: 'chd_0000000000002', nickname: 'そら' },
      ],
    });
    await renderWith(<AlertsPage />, client);
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('はな');
    expect(rows[1]).toHaveTextContent('自傷・死にたい気持ち');
    expect(rows[1]).not.toHaveTextContent('self_harm');
    expect(rows[1]).toHaveTextContent('緊急');
    expect(rows[1]).toHaveTextContent('未確認');
    expect(rows[2]).toHaveTextContent('そら');
    expect(rows[2]).toHaveTextContent('個人情報');
    expect(rows[2]).toHaveTextContent('確認済み');
    expect(within(rows[1]!).getByRole('link')).toHaveAttribute('href', '/family/alerts/alr_0000000000001');
  });

  it('says so when there are none', async () => {
    await renderWith(<AlertsPage />, fakeClient({ safetyAlerts: () => [], children: () => [] }));
    expect(await screen.findByText('新しいお知らせはありません。')).toBeInTheDocument();
  });

  it('shows an honest empty state when the server has no alerts API yet', async () => {
    const client = fakeClient({
      children: () => [],
      safetyAlerts: () => {
        throw new GraphQLRequestError([
          {
            message: 'Cannot query field "safetyAlerts" on type "Query".',
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ]);
      },
    });
    await renderWith(<AlertsPage />, client);
    expect(await screen.findByText(/まもなくここに表示されます/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('reports other failures as errors, in the reader’s language', async () => {
    const client = fakeClient({
      children: () => [],
      safetyAlerts: () => {
        throw new GraphQLRequestError([{ message: 'nope', extensions: { code: 'FORBIDDEN' } }]);
      },
    });
    await renderWith(<AlertsPage />, client, 'en');
    expect(await screen.findByRole('alert')).toHaveTextContent("You can't do that.");
  });
});

describe('safety alert detail', () => {
  it('names the categories and severity in the reader’s language, never as codes', async () => {
    const client = fakeClient({
      safetyAlert: () => ({
        ...alert({ severity: 'high', categories: ['self_harm', 'bullying', 'something_new'] }),
        flaggedText: 'I want to disappear',
        context: [],
      }),
      children: () => [{ id: 'chd_0000000000001', nickname: 'Hana' }],
    });
    await renderWith(<AlertDetailPage />, client, 'en');
    const about = (await screen.findByText('About')).nextElementSibling;
    expect(about).toHaveTextContent('Self-harm, Bullying, and Other');
    expect(screen.getByText('High')).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent(/self_harm|bullying|something_new/);
  });
});
