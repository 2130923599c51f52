/**
 * One streamed reply. Released text is appended as chunks; any number of
 * readers follow it from any index (a reconnecting client resumes from the
 * last chunk it got). Readers pull at their own pace, so a slow client costs
 * one cursor, not a growing queue: memory is bounded by the reply itself,
 * which is capped.
 */
export type ReplyOutcome = 'completed' | 'stopped' | 'cut_by_safety' | 'failed';

export interface ReplyChunk {
  index: number;
  text: string;
}

export interface ReplyEnd {
  outcome: ReplyOutcome;
  /** Text shown after the stream in place of what was cut or failed. */
  notice?: string;
}

export type ReplyEvent = ({ kind: 'chunk' } & ReplyChunk) | ({ kind: 'end'; index: number } & ReplyEnd);

export const MAX_REPLY_CHARS = 12_000;

export class ReplyRun {
  readonly controller = new AbortController();
  private readonly chunks: string[] = [];
  private chars = 0;
  private end: ReplyEnd | undefined;
  private wake = new Set<() => void>();
  finishedAt: number | undefined;

  constructor(
    readonly id: string,
    readonly childId: string,
    readonly conversationId: string,
  ) {}

  get text(): string {
    return this.chunks.join('');
  }

  get finished(): boolean {
    return this.end !== undefined;
  }

  get outcome(): ReplyOutcome | undefined {
    return this.end?.outcome;
  }

  /** Appends released text; returns false once the reply hit its size cap. */
  push(text: string): boolean {
    if (this.end || text === '') return !this.end;
    if (this.chars + text.length > MAX_REPLY_CHARS) return false;
    this.chunks.push(text);
    this.chars += text.length;
    this.notify();
    return true;
  }

  finish(end: ReplyEnd): void {
    if (this.end) return;
    this.end = end;
    this.finishedAt = Date.now();
    this.notify();
  }

  stop(): void {
    this.controller.abort();
  }

  async *read(from = 0, signal?: AbortSignal): AsyncGenerator<ReplyEvent> {
    let index = Math.max(0, from);
    for (;;) {
      while (index < this.chunks.length) {
        yield { kind: 'chunk', index, text: this.chunks[index]! };
        index++;
      }
      if (this.end) {
        yield { kind: 'end', index, ...this.end };
        return;
      }
      if (signal?.aborted) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          this.wake.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        this.wake.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  private notify(): void {
    for (const wake of [...this.wake]) wake();
  }
}

/** Live and recently finished replies of this process, for resume. */
export class ReplyRegistry {
  private readonly runs = new Map<string, ReplyRun>();
  constructor(private readonly keepFinishedMs = 5 * 60_000) {}

  add(run: ReplyRun): void {
    this.sweep();
    this.runs.set(run.id, run);
  }

  get(id: string): ReplyRun | undefined {
    return this.runs.get(id);
  }

  active(): ReplyRun[] {
    return [...this.runs.values()].filter((run) => !run.finished);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, run] of this.runs) {
      if (run.finishedAt !== undefined && now - run.finishedAt > this.keepFinishedMs) this.runs.delete(id);
    }
  }
}
