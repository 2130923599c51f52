import { composeOfflineReply } from '../domain/offline/guidance';
import { estimateTokens } from '../domain/usage';
import { sleep } from '../routing/router';
import type { ModelEvent, TutorModel, TutorModelRequest } from '../types';
import { ProviderError } from './provider-error';

export const OFFLINE_MODEL = 'manabee-offline-1';

/**
 * The embedded tutor: deterministic, free, no network. It streams piece by
 * piece at a human reading pace so the child sees the same experience as with
 * a real model (0 ms in tests).
 */
export class OfflineTutorModel implements TutorModel {
  readonly provider = 'offline';
  readonly model = OFFLINE_MODEL;
  constructor(private readonly tokenDelayMs: number) {}

  async *stream(request: TutorModelRequest): AsyncIterable<ModelEvent> {
    const lastQuestion = [...request.messages].reverse().find((turn) => turn.role === 'user')?.text ?? '';
    const hints = request.hints ?? {
      lang: 'ja' as const,
      gradeBand: 'lower' as const,
      subject: 'other' as const,
    };
    const reply = composeOfflineReply({ text: lastQuestion, ...hints });
    const pieces = splitForStreaming(reply, hints.lang);
    for (const [index, piece] of pieces.entries()) {
      if (index > 0 && this.tokenDelayMs > 0 && !(await sleep(this.tokenDelayMs, request.signal))) break;
      if (request.signal?.aborted) break;
      yield { type: 'token', text: piece };
    }
    if (request.signal?.aborted) throw new ProviderError(this.provider, 'aborted');
    yield {
      type: 'done',
      usage: {
        promptTokens:
          estimateTokens(request.system) +
          request.messages.reduce((sum, turn) => sum + estimateTokens(turn.text), 0),
        completionTokens: pieces.length,
      },
      model: this.model,
    };
  }
}

/** Word-sized pieces (Intl.Segmenter understands Japanese without spaces). */
export function splitForStreaming(text: string, lang: string): string[] {
  const segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
  const pieces: string[] = [];
  let pending = '';
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    pending += segment;
    if (isWordLike) {
      pieces.push(pending);
      pending = '';
    }
  }
  if (pending) {
    if (pieces.length > 0) pieces[pieces.length - 1] += pending;
    else pieces.push(pending);
  }
  return pieces;
}
