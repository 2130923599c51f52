// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../src/api/client';
import { KeywordListEditor, localProblems } from '../src/pages/content/keyword-list-editor';
import { fakeClient, renderWith } from './helpers';

afterEach(cleanup);

const LIST = JSON.stringify(
  {
    version: '2025-06-01.1',
    lang: 'ja',
    entries: [{ term: '死にたい', category: 'self_harm', severity: 'critical' }],
    allow: [],
  },
  null,
  1,
);

function setup(overrides: Record<string, (v: Record<string, unknown>) => unknown> = {}) {
  return fakeClient({
    keywordLists: () => [
      {
        lang: 'ja',
        listId: null,
        version: '2025-06-01.1',
        entryCount: 1,
        allowCount: 0,
        activatedAt: null,
        activatedBy: null,
        json: LIST,
      },
    ],
    keywordListVersions: () => [],
    saveKeywordList: () => ({
      id: 'kwl_1',
      lang: 'ja',
      version: 'v2',
      entryCount: 2,
      allowCount: 0,
      note: null,
      createdBy: 'usr_1',
      createdAt: '2026-01-01T00:00:00.000Z',
      lastActivatedAt: null,
      active: true,
    }),
    testSafetyPhrase: () => ({
      categories: ['violence'],
      severity: 'high',
      action: 'escalate',
      spans: [
        {
          start: 0,
          end: 4,
          text: 'ぶっとばす',
          category: 'violence',
          severity: 'high',
          detector: 'keyword',
          rule: 'ja:ぶっとばす',
        },
      ],
      redactedText: '****',
      keywordVersions: ['ja:draft'],
    }),
    ...overrides,
  });
}

async function editor(client = setup()) {
  await renderWith(<KeywordListEditor mayEdit />, client);
  const textarea = (await screen.findByLabelText('List (JSON)')) as HTMLTextAreaElement;
  await waitFor(() => expect(textarea.value).toBe(LIST));
  return { client, textarea };
}

describe('keyword list editor', () => {
  it('shows the problems of malformed JSON and saves nothing', async () => {
    const { client, textarea } = await editor();
    fireEvent.change(textarea, { target: { value: '{"version": "v2", "lang": "ja", "entries": [' } });
    await userEvent.click(screen.getByRole('button', { name: 'Save as a new version' }));
    const problems = await screen.findByTestId('keyword-problems');
    expect(problems.textContent).toMatch(/Not saved: 1 problem/);
    expect(problems.textContent).toMatch(/JSON:/);
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    expect(client.callsOf('saveKeywordList')).toEqual([]);
  });

  it('catches a list for the wrong language or without entries before asking the server', () => {
    expect(localProblems('{"version":"1","lang":"en","entries":[]}', 'ja')).toEqual(['lang: must be "ja"']);
    expect(localProblems('[]', 'ja')).toEqual(['list: must be an object']);
    expect(localProblems('{"version":"1","lang":"ja"}', 'ja')).toEqual(['entries: must be an array']);
  });

  it("lists the server's problems when it rejects the list, and keeps the draft", async () => {
    const client = setup({
      saveKeywordList: () => {
        throw new GraphQLRequestError([
          {
            message: 'The keyword list was rejected (1 problem(s)); the active list is unchanged',
            extensions: {
              code: 'VALIDATION_FAILED',
              issues: [
                {
                  path: 'entries[1]',
                  message: 'entries[1].severity: must be one of low, medium, high, critical',
                },
              ],
            },
          },
        ]);
      },
    });
    const { textarea } = await editor(client);
    const bad = LIST.replace('"allow"', '"x": 1, "allow"').replace(
      '"entries": [',
      '"entries": [{"term": "ぶっとばす", "category": "violence", "severity": "huge"}, ',
    );
    fireEvent.change(textarea, { target: { value: bad } });
    await userEvent.click(screen.getByRole('button', { name: 'Save as a new version' }));
    expect((await screen.findByTestId('keyword-problems')).textContent).toMatch(/entries\[1\]\.severity/);
    expect(textarea.value).toBe(bad);
    expect(client.callsOf('saveKeywordList')).toHaveLength(1);
  });

  it('tests a phrase against the draft, then saves and activates it', async () => {
    const { client, textarea } = await editor();
    const draft = LIST.replace(
      '"entries": [',
      '"entries": [{"term": "ぶっとばす", "category": "violence", "severity": "high"}, ',
    );
    fireEvent.change(textarea, { target: { value: draft } });
    await userEvent.type(screen.getByLabelText('Phrase to test'), 'ぶっとばす');
    await userEvent.click(screen.getByRole('button', { name: 'Test with the scanner' }));
    expect((await screen.findByTestId('phrase-result')).textContent).toMatch(/Escalate/);
    expect(client.callsOf('testSafetyPhrase')[0]).toEqual({ l: 'ja', t: 'ぶっとばす', d: draft });

    await userEvent.type(screen.getByLabelText('Change note'), 'add ぶっとばす');
    await userEvent.click(screen.getByRole('button', { name: 'Save as a new version' }));
    await waitFor(() =>
      expect(client.callsOf('saveKeywordList')).toEqual([{ j: draft, n: 'add ぶっとばす', a: true }]),
    );
    expect(await screen.findByText('Saved and activated version v2.')).toBeTruthy();
  });
});
