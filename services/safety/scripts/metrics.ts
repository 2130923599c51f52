/**
 * The figures the safety team reads, shared by `safety:eval` (held-out sets) and
 * `safety:train` (each author held out in turn): what "caught" means, recall per category,
 * language and rung, and the benign rate of each action.
 */
import type { Scanner } from '../src/domain/scanner';
import {
  ACTIONS,
  type Action,
  actionRank,
  CATEGORIES,
  type Category,
  LANGS,
  SELF_HARM_LEVELS,
} from '../src/domain/types';
import type { SourcedExample } from './read-dataset';

export interface Outcome {
  example: SourcedExample;
  action: Action;
  categories: Category[];
  severity: string;
  ms: number;
}

/** What "caught" means for a harmful message: a parent must hear of self-harm and grooming. */
export function caught(example: SourcedExample, outcome: Pick<Outcome, 'action' | 'categories'>): boolean {
  switch (example.label) {
    case 'benign':
      return false;
    case 'self_harm':
    case 'grooming':
      return outcome.action === 'escalate';
    case 'personal_info':
      return outcome.categories.includes('personal_info');
    default:
      return outcome.action !== 'allow';
  }
}

/** Scans every example as the service would (with its window), timing each scan. */
export function run(scanner: Pick<Scanner, 'scan'>, examples: readonly SourcedExample[]): Outcome[] {
  for (const e of examples.slice(0, 100))
    scanner.scan({ text: e.text, lang: e.lang, window: e.window ?? [] });
  return examples.map((example) => {
    const started = performance.now();
    const result = scanner.scan({ text: example.text, lang: example.lang, window: example.window ?? [] });
    return {
      example,
      action: result.action,
      categories: result.categories,
      severity: result.severity,
      ms: performance.now() - started,
    };
  });
}

const ratio = (n: number, d: number): string => (d === 0 ? '   -  ' : (n / d).toFixed(3));
const pct = (n: number, d: number): string => (d === 0 ? '  -  ' : `${((100 * n) / d).toFixed(1)}%`);
export const lines: string[] = [];
export const say = (line = ''): void => {
  console.log(line);
  lines.push(line);
};

export function report(title: string, outcomes: readonly Outcome[]): Record<string, number> {
  const harmful = outcomes.filter((o) => o.example.label !== 'benign');
  const benign = outcomes.filter((o) => o.example.label === 'benign');
  say(`\n## ${title}: ${outcomes.length} messages (${harmful.length} harmful, ${benign.length} benign)`);
  say('');
  say('category        caught  recall   precision(category named)  support');
  for (const category of CATEGORIES) {
    const positives = outcomes.filter((o) => o.example.label === category);
    const named = outcomes.filter((o) => o.categories.includes(category));
    const rightlyNamed = named.filter((o) => o.example.label === category).length;
    if (positives.length === 0 && named.length === 0) continue;
    const hit = positives.filter((o) => caught(o.example, o)).length;
    say(
      `${category.padEnd(15)} ${String(hit).padStart(6)}  ${ratio(hit, positives.length)}   ${ratio(rightlyNamed, named.length).padStart(9)}                 ${String(positives.length).padStart(6)}`,
    );
  }
  const harmfulCaught = harmful.filter((o) => caught(o.example, o)).length;
  say(
    `${'all harmful'.padEnd(15)} ${String(harmfulCaught).padStart(6)}  ${ratio(harmfulCaught, harmful.length)}`,
  );

  say(
    '\nby language   self-harm escalated        grooming escalated   harmful caught   benign blk/esc   benign any',
  );
  const figures: Record<string, number> = {};
  for (const lang of LANGS) {
    const of = outcomes.filter((o) => o.example.lang === lang);
    if (of.length === 0) continue;
    const sh = of.filter((o) => o.example.label === 'self_harm');
    const gr = of.filter((o) => o.example.label === 'grooming');
    const hm = of.filter((o) => o.example.label !== 'benign');
    const bn = of.filter((o) => o.example.label === 'benign');
    const shHit = sh.filter((o) => o.action === 'escalate').length;
    const grHit = gr.filter((o) => o.action === 'escalate').length;
    const hmHit = hm.filter((o) => caught(o.example, o)).length;
    const bnStrong = bn.filter((o) => actionRank(o.action) >= actionRank('block')).length;
    const bnAny = bn.filter((o) => o.action !== 'allow').length;
    figures[`self_harm_recall_${lang}`] = sh.length ? shHit / sh.length : Number.NaN;
    figures[`self_harm_support_${lang}`] = sh.length;
    say(
      `${lang.padEnd(9)} ${ratio(shHit, sh.length)} (${shHit}/${sh.length})`.padEnd(40) +
        `${ratio(grHit, gr.length)} (${grHit}/${gr.length})`.padEnd(21) +
        `${ratio(hmHit, hm.length)}`.padEnd(17) +
        `${pct(bnStrong, bn.length)}`.padEnd(17) +
        `${pct(bnAny, bn.length)}`,
    );
  }
  const shAll = outcomes.filter((o) => o.example.label === 'self_harm');
  if (shAll.length > 0) {
    say('\nself-harm rung   escalated   support');
    for (const level of SELF_HARM_LEVELS) {
      const of = shAll.filter((o) => o.example.level === level);
      const hit = of.filter((o) => o.action === 'escalate').length;
      if (of.length) say(`${level.padEnd(16)} ${ratio(hit, of.length)}   ${String(of.length).padStart(7)}`);
    }
  }
  say('\nbenign messages by action (rate of all benign):');
  say(
    `  ${ACTIONS.map((a) => `${a} ${pct(benign.filter((o) => o.action === a).length, benign.length)}`).join('   ')}`,
  );
  const hard = benign.filter((o) => o.example.hardNegative);
  if (hard.length)
    say(
      `  hard negatives given any action: ${pct(hard.filter((o) => o.action !== 'allow').length, hard.length)} of ${hard.length}`,
    );
  for (const form of ['chat', 'long_post'] as const) {
    const of = benign.filter((o) => o.example.form === form);
    if (of.length === 0) continue;
    const strong = of.filter((o) => actionRank(o.action) >= actionRank('block')).length;
    say(
      `  ${form.padEnd(9)} benign blocked or escalated ${pct(strong, of.length)} (${strong}/${of.length}), any action ${pct(of.filter((o) => o.action !== 'allow').length, of.length)}`,
    );
  }
  const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  say(
    `\nscan time: p50 ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(3)} ms, p99 ${(times[Math.floor(times.length * 0.99)] ?? 0).toFixed(3)} ms`,
  );

  figures.self_harm_recall = shAll.length
    ? shAll.filter((o) => o.action === 'escalate').length / shAll.length
    : Number.NaN;
  const grAll = outcomes.filter((o) => o.example.label === 'grooming');
  figures.grooming_recall = grAll.length
    ? grAll.filter((o) => o.action === 'escalate').length / grAll.length
    : Number.NaN;
  figures.harmful_recall = harmful.length ? harmfulCaught / harmful.length : Number.NaN;
  figures.benign_strong = benign.length
    ? benign.filter((o) => actionRank(o.action) >= actionRank('block')).length / benign.length
    : Number.NaN;
  figures.benign_any = benign.length
    ? benign.filter((o) => o.action !== 'allow').length / benign.length
    : Number.NaN;
  return figures;
}

export function misses(title: string, outcomes: readonly Outcome[]): string[] {
  const out = [`\n## ${title}: every miss and every benign message given an action\n`];
  for (const o of outcomes) {
    const wrong = o.example.label === 'benign' ? o.action !== 'allow' : !caught(o.example, o);
    if (!wrong) continue;
    const expected =
      o.example.label === 'self_harm' ? `self_harm/${o.example.level ?? '?'}` : o.example.label;
    const context = o.example.window?.length
      ? ` [after: ${o.example.window.map((t) => `${t.role}: ${t.text}`).join(' / ')}]`
      : '';
    out.push(
      `- [${o.example.lang}] expected ${expected}, got ${o.action} ${o.categories.join(',') || '-'}: ${JSON.stringify(o.example.text.slice(0, 300))}${context}`,
    );
  }
  return out;
}
