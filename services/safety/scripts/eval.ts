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
import { LANGS } from '../src/domain/types';
import { lines, misses, report, say, run as scanAll } from './metrics';
import { INDEPENDENT_EVAL_URL, OUTSIDE_EVAL_URL, readEvaluation, type SourcedExample } from './read-dataset';

const scanner = createDefaultScanner();
const run = (examples: readonly SourcedExample[]) => scanAll(scanner, examples);

say(
  `# Safety scanner evaluation\n\nclassifier ${scanner.versions.classifier ?? 'none'}; keyword lists ${scanner.versions.keywords.join(' ')}`,
);
const independent = run(readEvaluation(INDEPENDENT_EVAL_URL));
const outside = readEvaluation(OUTSIDE_EVAL_URL);
const openai = run(outside.filter((e) => e.source === 'openai-moderation'));
const japaneseToxic = run(outside.filter((e) => e.source === 'japanese-toxic'));

const main = report('Independent set (eval/independent)', independent);
// en-a and ja-a were read (their misses) while the scanner was built: the rest was only ever scored.
const DEVELOPMENT_FILES = new Set(['en-a', 'ja-a']);
const sealed = report(
  'Sealed part of the independent set (en-b, ja-b, multi: never read while building)',
  independent.filter((o) => !DEVELOPMENT_FILES.has(o.example.source)),
);
const posts = report('Outside: OpenAI moderation samples (long adult-style English posts)', openai);
report('Outside: Japanese toxicity subset (Inspection AI)', japaneseToxic);

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
say('\nthe same on the sealed part only:');
check('self-harm escalated (>= 0.97)', sealed.self_harm_recall!, sealed.self_harm_recall! >= 0.97);
check('grooming escalated (>= 0.95)', sealed.grooming_recall!, sealed.grooming_recall! >= 0.95);
check('harmful caught overall (>= 0.92)', sealed.harmful_recall!, sealed.harmful_recall! >= 0.92);
check('benign blocked or escalated (<= 0.02)', sealed.benign_strong!, sealed.benign_strong! <= 0.02);
check('benign given any action (<= 0.05)', sealed.benign_any!, sealed.benign_any! <= 0.05);
say('');
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
