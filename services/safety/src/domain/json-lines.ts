import type { Scanner } from './scanner';
import { isLang, LANGS } from './types';

/**
 * The `manabee safety scan` contract: JSON lines in ({"text": "...", "lang": "ja"}), one JSON
 * line out per input line, in order. A bad line gets an `error` and the stream goes on, so one
 * broken record in a 10,000-line export does not lose the other 9,999.
 */
export async function* scanJsonLines(
  lines: AsyncIterable<string> | Iterable<string>,
  scanner: Scanner,
): AsyncIterable<string> {
  let lineNumber = 0;
  for await (const rawLine of lines) {
    lineNumber++;
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      yield JSON.stringify({ line: lineNumber, error: 'invalid JSON' });
      continue;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      yield JSON.stringify({
        line: lineNumber,
        error: 'expected a JSON object like {"text": "...", "lang": "ja"}',
      });
      continue;
    }
    const { text, lang, id } = record as { text?: unknown; lang?: unknown; id?: unknown };
    const echo = typeof id === 'string' || typeof id === 'number' ? { id } : {};
    if (typeof text !== 'string') {
      yield JSON.stringify({ line: lineNumber, ...echo, error: '"text" must be a string' });
      continue;
    }
    if (lang !== undefined && !isLang(lang)) {
      yield JSON.stringify({ line: lineNumber, ...echo, error: `"lang" must be one of ${LANGS.join(', ')}` });
      continue;
    }
    const result = scanner.scan({ text, lang: lang ?? 'ja' });
    yield JSON.stringify({
      line: lineNumber,
      ...echo,
      categories: result.categories,
      severity: result.severity,
      action: result.action,
      spans: result.spans.map(({ start, end, category, severity, detector, rule }) => ({
        start,
        end,
        category,
        severity,
        detector,
        rule,
      })),
      ...(result.action === 'redact' ? { redactedText: result.redactedText } : {}),
    });
  }
}
