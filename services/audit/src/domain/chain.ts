import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields covered by an entry's hash: everything but the hash itself. */
export interface ChainedFields {
  seq: number;
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  ip: string | null;
  userAgent: string | null;
  result: 'success' | 'failure';
  metadata: Record<string, unknown>;
  retentionClass: string;
  prevHash: string;
}

/** JSON with sorted keys, so the hash does not depend on key order in storage. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
}

export function hashEntry(fields: ChainedFields): string {
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

export type ChainLink =
  | { kind: 'entry'; fields: ChainedFields; hash: string }
  | { kind: 'pruned'; seq: number; prevHash: string; hash: string };

export interface ChainProblem {
  seq: number;
  problem: 'hash_mismatch' | 'broken_link' | 'missing_entry';
}

export interface ChainVerifier {
  /** Feed links in ascending seq order. */
  push(link: ChainLink): void;
  /** Finish against the recorded head of the chain. */
  finish(head: { lastSeq: number; lastHash: string }): ChainVerification;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  pruned: number;
  problems: ChainProblem[];
}

/**
 * Streams over the chain once, in constant memory. An edited row fails its own
 * hash; a deleted row leaves a gap in seq and a link that points at nothing;
 * a deleted tail no longer reaches the recorded head.
 */
export function createChainVerifier(maxProblems = 100): ChainVerifier {
  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  let checked = 0;
  let pruned = 0;
  const problems: ChainProblem[] = [];
  const report = (problem: ChainProblem) => {
    if (problems.length < maxProblems) problems.push(problem);
  };
  return {
    push(link) {
      const seq = link.kind === 'entry' ? link.fields.seq : link.seq;
      for (let missing = expectedSeq; missing < seq; missing++)
        report({ seq: missing, problem: 'missing_entry' });
      const prevHash = link.kind === 'entry' ? link.fields.prevHash : link.prevHash;
      if (prevHash !== previousHash && seq === expectedSeq) report({ seq, problem: 'broken_link' });
      if (link.kind === 'entry') {
        checked++;
        if (hashEntry(link.fields) !== link.hash) report({ seq, problem: 'hash_mismatch' });
      } else {
        pruned++;
      }
      previousHash = link.hash;
      expectedSeq = seq + 1;
    },
    finish(head) {
      for (let missing = expectedSeq; missing <= head.lastSeq; missing++)
        report({ seq: missing, problem: 'missing_entry' });
      if (expectedSeq - 1 === head.lastSeq && previousHash !== head.lastHash) {
        report({ seq: head.lastSeq, problem: 'broken_link' });
      }
      return { ok: problems.length === 0, checked, pruned, problems };
    },
  };
}
