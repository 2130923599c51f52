/**
 * Converts the two public outside evaluation sets into the scanner's evaluation format.
 * They are reserved for evaluation: nothing here is ever read by training or tuning.
 *
 *   npx tsx services/safety/scripts/import-outside-sets.ts <samples-1680.jsonl> <subset.csv>
 *
 * - OpenAI moderation-api-release (MIT): `data/samples-1680.jsonl.gz`, long adult-style English
 *   prompts labelled S, S3, H, H2, V, V2, HR, SH. A missing key means "unknown"; a sample counts
 *   as clean only when all eight keys are present and 0.
 * - Inspection AI japanese-toxic-dataset (Apache-2.0): `data/subset.csv`, Japanese social-media
 *   sentences with annotator votes per toxicity level and category.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const OPENAI_KEYS = ['S', 'S3', 'H', 'H2', 'V', 'V2', 'HR', 'SH'] as const;
const OPENAI_TO_OURS: Record<(typeof OPENAI_KEYS)[number], string> = {
  S: 'sexual',
  S3: 'sexual',
  H: 'hate',
  H2: 'hate',
  V: 'violence',
  V2: 'violence',
  HR: 'bullying',
  SH: 'self_harm',
};
// When a sample carries several labels, the one a parent most needs to hear about names it.
const PRIORITY = ['self_harm', 'sexual', 'violence', 'bullying', 'hate'];

function importOpenAi(path: string): string[] {
  const out: string[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as Record<string, unknown> & { prompt: string };
    const known = OPENAI_KEYS.every((k) => record[k] === 0 || record[k] === 1);
    const positive = OPENAI_KEYS.filter((k) => record[k] === 1).map((k) => OPENAI_TO_OURS[k]);
    if (positive.length === 0 && !known) continue;
    const labels = [...new Set(positive)].sort((a, b) => PRIORITY.indexOf(a) - PRIORITY.indexOf(b));
    out.push(
      JSON.stringify({
        text: record.prompt,
        lang: 'en',
        label: labels[0] ?? 'benign',
        labels,
        form: 'long_post',
        source: 'openai/moderation-api-release',
      }),
    );
  }
  return out;
}

/** Minimal RFC 4180 reader: quoted fields may hold commas, quotes ("") and newlines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const JA_CATEGORY: Record<string, string> = {
  category_卑語: 'profanity',
  category_差別: 'hate',
  category_迷惑行為: 'bullying',
  category_猥褻: 'sexual',
  'category_出会い・プライバシー侵害': 'grooming',
  category_違法行為: 'drugs',
  category_偏向表現: 'hate',
};

function importJapaneseToxic(path: string): string[] {
  const [header, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const at = (name: string) => header!.indexOf(name);
  const out: string[] = [];
  for (const row of rows) {
    if (row.length < header!.length) continue;
    const votes = (name: string) => Number(row[at(name)]);
    const annotators = votes('annotation_num');
    const toxic = votes('Toxic') + votes('Very Toxic');
    const clean = votes('Not Toxic');
    // Majority of annotators only; "hard to say" and split votes are left out rather than guessed.
    let label: string;
    if (clean * 2 > annotators) label = 'benign';
    else if (toxic * 2 > annotators) {
      const categories = Object.keys(JA_CATEGORY)
        .filter((c) => votes(c) * 2 >= annotators && votes(c) > 0)
        .map((c) => JA_CATEGORY[c]!);
      label = categories[0] ?? 'profanity';
    } else continue;
    out.push(
      JSON.stringify({
        text: row[at('text')],
        lang: 'ja',
        label,
        form: 'chat',
        source: 'inspection-ai/japanese-toxic-dataset',
      }),
    );
  }
  return out;
}

const [openAiPath, japanesePath] = process.argv.slice(2);
if (!openAiPath || !japanesePath) {
  console.error('usage: import-outside-sets.ts <samples-1680.jsonl> <subset.csv>');
  process.exit(2);
}
const openAi = importOpenAi(openAiPath);
const japanese = importJapaneseToxic(japanesePath);
writeFileSync(new URL('../eval/outside/openai-moderation.jsonl', import.meta.url), `${openAi.join('\n')}\n`);
writeFileSync(new URL('../eval/outside/japanese-toxic.jsonl', import.meta.url), `${japanese.join('\n')}\n`);
console.log(`openai-moderation: ${openAi.length}, japanese-toxic: ${japanese.length}`);
