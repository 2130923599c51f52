/**
 * Screen readers should hear a streamed reply sentence by sentence, not token
 * by token (which floods the speech queue). This splits the text received so
 * far into sentences that are complete and the rest still being written.
 */
const END = /[。．！？!?\n]|[.](?=\s|$)/g;

export function completeSentences(text: string): { complete: string[]; rest: string } {
  const complete: string[] = [];
  let start = 0;
  for (const match of text.matchAll(END)) {
    const end = (match.index ?? 0) + match[0].length;
    // A "." right at the end of what arrived may be a decimal point still being written: wait.
    if (match[0] === '.' && end === text.length) continue;
    const sentence = text.slice(start, end).trim();
    if (sentence) complete.push(sentence);
    start = end;
  }
  return { complete, rest: text.slice(start) };
}
