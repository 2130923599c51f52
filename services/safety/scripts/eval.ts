/**
 * Measures the whole scanner (the one the service runs) on data it never learned from:
 *   - eval/independent/: messages written for this check by authors who saw neither the
 *     training data nor the rules (children's styles, six languages, hard negatives);
 *   - eval/outside/: public sets reserved for evaluation (OpenAI moderation samples, long
 *     adult-style English posts; Inspection AI's Japanese toxicity subset).
 * Prints recall and precision per category, language and self-harm rung, the benign rate of
 * each action, and the acceptance targets of issue #12; writes every miss to eval/report.md.
 * Run: npm run safety:eval   (add --misses to print them here too)
 */
import { writeFileSync } from 'node:fs';
import { createDefaultScanner } from '../src/bundled';
import { isTestExample } from '../src/domain/classifier';
import {
  ACTIONS,
  type Action,
  actionRank,
  CATEGORIES,
  type Category,
  LANGS,
  SELF_HARM_LEVELS,
} from '../src/domain/types';
import {
  INDEPENDENT_EVAL_URL,
  OUTSIDE_EVAL_URL,
  readDataset,
  readEvaluation,
  type SourcedExample,
} from './read-dataset';

const scanner = createDefaultScanner();

interface Outcome {
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

function run(examples: readonly SourcedExample[]): Outcome[] {
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
const lines: string[] = [];
const say = (line = ''): void => {
  console.log(line);
  lines.push(line);
};

function report(title: string, outcomes: readonly Outcome[]): Record<string, number> {
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

function misses(title: string, outcomes: readonly Outcome[]): string[] {
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

say(
  `# Safety scanner evaluation\n\nclassifier ${scanner.versions.classifier ?? 'none'}; keyword lists ${scanner.versions.keywords.join(' ')}`,
);
const independent = run(readEvaluation(INDEPENDENT_EVAL_URL));
const outside = readEvaluation(OUTSIDE_EVAL_URL);
const openai = run(outside.filter((e) => e.source === 'openai-moderation'));
const japaneseToxic = run(outside.filter((e) => e.source === 'japanese-toxic'));
const validation = run(
  readDataset().filter((e) => isTestExample(e.text) && (!e.window || e.text.length > 40)),
);

const main = report('Independent set (eval/independent)', independent);
const posts = report('Outside: OpenAI moderation samples (long adult-style English posts)', openai);
report('Outside: Japanese toxicity subset (Inspection AI)', japaneseToxic);
report('For comparison only: validation split of the training corpus (same authors as training)', validation);

say('\n## Acceptance (issue #12), on the independent set unless named\n');
const check = (name: string, value: number, ok: boolean) =>
  say(`${ok ? 'OK    ' : 'MISSED'} ${name}: ${Number.isNaN(value) ? '-' : value.toFixed(3)}`);
for (const lang of LANGS) {
  if ((main[`self_harm_support_${lang}`] ?? 0) >= 100)
    check(
      `self-harm escalated, ${lang} (>= 0.97)`,
      main[`self_harm_recall_${lang}`]!,
      main[`self_harm_recall_${lang}`]! >= 0.97,
    );
}
check('grooming escalated (>= 0.95)', main.grooming_recall!, main.grooming_recall! >= 0.95);
check('harmful caught overall (>= 0.92)', main.harmful_recall!, main.harmful_recall! >= 0.92);
check('benign blocked or escalated (<= 0.02)', main.benign_strong!, main.benign_strong! <= 0.02);
check('benign given any action (<= 0.05)', main.benign_any!, main.benign_any! <= 0.05);
check(
  'long English posts: clean blocked or escalated (<= 0.05)',
  posts.benign_strong!,
  posts.benign_strong! <= 0.05,
);

const missLines = [
  ...misses('Independent set', independent),
  ...misses('OpenAI moderation samples', openai),
  ...misses('Japanese toxicity subset', japaneseToxic),
];
writeFileSync(new URL('../eval/report.md', import.meta.url), `${[...lines, ...missLines].join('\n')}\n`);
console.log(`\nevery miss: services/safety/eval/report.md (${missLines.length - 3} lines)`);
if (process.argv.includes('--misses')) console.log(missLines.join('\n'));
