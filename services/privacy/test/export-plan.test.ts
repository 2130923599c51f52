import { describe, expect, it } from 'vitest';
import { buildDocument, EXPORT_FORMAT, exportFileName, progressAt } from '../src/domain/export-plan';

describe('export progress', () => {
  it('shares 0–90 between the parts and never reaches 100 before the document is stored', () => {
    expect([0, 1, 2, 3, 4, 5].map((i) => progressAt(i, 5))).toEqual([0, 18, 36, 54, 72, 90]);
    expect(progressAt(-1, 5)).toBe(0);
    expect(progressAt(9, 5)).toBe(90);
    expect(progressAt(0, 0)).toBe(90);
  });
});

describe('export document', () => {
  it('names the format, the time, every part with a plain description, and what is left out', () => {
    const document = buildDocument({
      familyId: 'fam_1',
      exportedAt: new Date('2026-11-29T01:02:03.000Z'),
      parts: [
        { name: 'account', data: { parent: { email: 'a@example.jp' } } },
        { name: 'chat', data: { conversations: [] } },
        { name: 'reports', data: [] },
      ],
    });
    expect(document).toMatchObject({
      format: EXPORT_FORMAT,
      exportedAt: '2026-11-29T01:02:03.000Z',
      familyId: 'fam_1',
      account: { parent: { email: 'a@example.jp' } },
      chat: { conversations: [] },
      reports: [],
    });
    expect(Object.keys(document.about)).toEqual(['account', 'chat', 'reports', 'notIncluded']);
    expect(document.about.reports).toBe('Data held by the reports service.');
    expect(document.about.notIncluded).toMatch(/passwords/);
  });

  it('refuses a part that would overwrite the header or another part', () => {
    const build = (name: string) =>
      buildDocument({
        familyId: 'fam_1',
        exportedAt: new Date(),
        parts: [
          { name: 'chat', data: 1 },
          { name, data: 2 },
        ],
      });
    expect(() => build('chat')).toThrow(/duplicate/);
    expect(() => build('format')).toThrow(/reserved/);
  });

  it('names the file by the day it was made', () => {
    expect(exportFileName(new Date('2026-11-29T23:59:00.000Z'))).toBe('manabee-family-2026-11-29.json');
  });
});
