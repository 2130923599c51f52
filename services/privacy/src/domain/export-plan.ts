/**
 * The family export document and how its progress is reported: pure, so the
 * shape parents receive and the numbers they watch are unit-tested.
 */

export const EXPORT_FORMAT = 'manabee-family-export/1';
/** Ready exports are kept this long, then their document is deleted. */
export const EXPORT_TTL_MS = 7 * 24 * 60 * 60_000;
/** Exports a family may start in a rolling 24 hours (each gathers every part). */
export const EXPORTS_PER_DAY = 3;

export type ExportStatus = 'queued' | 'running' | 'ready' | 'failed' | 'expired';

/**
 * Progress while part `index` of `total` is being gathered: parts share 0–90,
 * the last 10 are sealing and storing the document, 100 only when it is ready.
 */
export function progressAt(index: number, total: number): number {
  if (total <= 0) return 90;
  const clamped = Math.min(Math.max(index, 0), total);
  return Math.floor((clamped / total) * 90);
}

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  familyId: string;
  /** What each part is and what was deliberately left out, in plain words. */
  about: Record<string, string>;
  [part: string]: unknown;
}

const ABOUT: Record<string, string> = {
  account:
    'Your account, your family, your children (profiles, parental controls, consent history, classroom links) and where you are signed in.',
  chat: "Your children's conversations with the tutor, message by message, and daily usage.",
  safety: 'Safety alerts raised about your children, with the flagged message and its context.',
  notification: 'Notifications sent to you, your notification preferences and devices that receive push.',
  ai: 'How much your children used the tutor per day.',
  notLeftOut:
    "Not included: passwords, tokens and keys (never readable), safety reviewers' internal notes, and the platform's security audit log.",
};

/** Parts in the order they were gathered, under their names; unknown parts are described generically. */
export function buildDocument(input: {
  familyId: string;
  exportedAt: Date;
  parts: ReadonlyArray<{ name: string; data: unknown }>;
}): ExportDocument {
  const about: Record<string, string> = {};
  const document: ExportDocument = {
    format: EXPORT_FORMAT,
    exportedAt: input.exportedAt.toISOString(),
    familyId: input.familyId,
    about,
  };
  for (const part of input.parts) {
    if (part.name in document) throw new Error(`duplicate or reserved export part: ${part.name}`);
    about[part.name] = ABOUT[part.name] ?? `Data held by the ${part.name} service.`;
    document[part.name] = part.data;
  }
  about.notIncluded = ABOUT.notLeftOut ?? '';
  return document;
}

/** `manabee-family-2026-11-29.json` */
export function exportFileName(createdAt: Date): string {
  return `manabee-family-${createdAt.toISOString().slice(0, 10)}.json`;
}
