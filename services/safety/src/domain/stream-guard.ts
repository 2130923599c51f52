import { ACTION_TABLE } from './decision';
import { placeholderFor } from './personal-data';
import type { Scanner } from './scanner';
import type { Action, ConversationTurn, Lang, ScanResult } from './types';

/**
 * Guards a streamed tutor reply. Text is held back until a sentence ends (or the hold gets
 * long), then scanned together with the tail of what was already released, so a harmful
 * sentence is cut before the child sees it and a term split across chunks is still caught.
 * Everything released has been scanned; after a cut nothing more is released.
 */
export interface StreamGuardOptions {
  lang: Lang;
  window?: readonly ConversationTurn[];
  /** Release without a sentence end once this much is held (default 160). */
  maxHold?: number;
  /** Already-released characters rescanned with each new piece (default 80). */
  overlap?: number;
}

export interface StreamStep {
  release: string;
  cut?: ScanResult;
}

export interface StreamGuard {
  push(chunk: string): StreamStep;
  end(): StreamStep;
  /** Everything released so far. */
  readonly released: string;
}

const SENTENCE_END = /[。．！？!?\n]|[.](?=\s)/gu;
/** Actions that stop a tutor reply mid-stream; `warn` is fine for, say, a history lesson about a war. */
const CUTS: ReadonlySet<Action> = new Set<Action>(['block', 'escalate']);

export function createStreamGuard(scanner: Scanner, options: StreamGuardOptions): StreamGuard {
  const maxHold = options.maxHold ?? 160;
  const overlap = options.overlap ?? 80;
  let held = '';
  let released = '';
  let cut: ScanResult | undefined;

  function lastBoundary(text: string): number {
    let end = -1;
    for (const m of text.matchAll(SENTENCE_END)) end = (m.index ?? 0) + m[0].length;
    return end;
  }

  /** Scans `piece` in the context of recent released text and releases it (redacted) or cuts. */
  function releasePiece(piece: string): StreamStep {
    if (piece === '') return { release: '' };
    const context = released.slice(-overlap);
    const result = scanner.scan({
      text: context + piece,
      lang: options.lang,
      source: 'tutor',
      ...(options.window ? { window: options.window } : {}),
    });
    // Cut when a signal that blocks or escalates points into the new piece, or points nowhere
    // (the classifier judges the whole text, so the new piece is what tipped it).
    const cutting = result.signals.some(
      (signal) =>
        CUTS.has(ACTION_TABLE[signal.category][signal.severity]) &&
        (signal.range === undefined || signal.range.end > context.length),
    );
    if (cutting) {
      cut = result;
      held = '';
      return { release: '', cut };
    }
    const text = redactPiece(piece, context.length, result, options.lang);
    released += text;
    return { release: text };
  }

  return {
    get released() {
      return released;
    },
    push(chunk: string): StreamStep {
      if (cut) return { release: '', cut };
      held += typeof chunk === 'string' ? chunk : '';
      const boundary = lastBoundary(held);
      let upTo = boundary;
      if (upTo <= 0 && held.length > maxHold) {
        // No sentence end in sight: release all but a tail, cutting at a space so a phone
        // number or a word is not split between what the child sees and what is held.
        const limit = held.length - Math.floor(overlap / 2);
        const space = held.lastIndexOf(' ', limit);
        upTo = space > limit / 2 ? space + 1 : limit;
      }
      if (upTo <= 0) return { release: '' };
      const piece = held.slice(0, upTo);
      held = held.slice(upTo);
      return releasePiece(piece);
    },
    end(): StreamStep {
      if (cut) return { release: '', cut };
      const piece = held;
      held = '';
      return releasePiece(piece);
    },
  };
}

/** Applies the personal-data spans that fall inside the new piece. */
function redactPiece(piece: string, offset: number, result: ScanResult, lang: Lang): string {
  let out = '';
  let cursor = 0;
  const personal = result.signals
    .filter((s) => s.personalData && s.range && s.range.end > offset)
    .sort((a, b) => a.range!.start - b.range!.start);
  for (const s of personal) {
    const start = Math.max(0, s.range!.start - offset);
    const end = s.range!.end - offset;
    if (start < cursor) continue;
    out += piece.slice(cursor, start) + placeholderFor(s.personalData!, lang);
    cursor = end;
  }
  return out + piece.slice(cursor);
}
