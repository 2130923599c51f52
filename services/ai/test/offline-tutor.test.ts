import { describe, expect, it } from 'vitest';
import {
  columnAddition,
  columnSubtraction,
  longDivision,
  parseArithmetic,
  solveFractions,
} from '../src/domain/offline/arithmetic';
import { explainArithmetic } from '../src/domain/offline/explain';
import { composeOfflineReply, offlineNotice } from '../src/domain/offline/guidance';
import { splitForStreaming } from '../src/providers/offline';
import { languages } from '../src/types';

const reply = (text: string, lang: 'ja' | 'en' = 'ja') =>
  composeOfflineReply({ text, lang, gradeBand: 'lower', subject: 'math' });

describe('parsing a child’s arithmetic question', () => {
  it.each([
    ['23+48は？', { kind: 'add', left: 23, right: 48 }],
    ['２３＋４８は？', { kind: 'add', left: 23, right: 48 }],
    ['52-17', { kind: 'subtract', left: 52, right: 17 }],
    ['12×3', { kind: 'multiply', left: 12, right: 3 }],
    ['12*3', { kind: 'multiply', left: 12, right: 3 }],
    ['12 x 3 = ?', { kind: 'multiply', left: 12, right: 3 }],
    ['17÷5', { kind: 'divide', left: 17, right: 5 }],
    ['what is 305 - 128?', { kind: 'subtract', left: 305, right: 128 }],
    ['what is 7 times 8', { kind: 'multiply', left: 7, right: 8 }],
    ['9 divided by 2', { kind: 'divide', left: 9, right: 2 }],
    ['8たす5は？', { kind: 'add', left: 8, right: 5 }],
    ['1,200 + 30', { kind: 'add', left: 1200, right: 30 }],
    ['17/5は？', { kind: 'divide', left: 17, right: 5 }],
  ])('%s', (text, expected) => {
    expect(parseArithmetic(text)).toEqual(expected);
  });

  it('reads fractions, including 分の', () => {
    expect(parseArithmetic('1/2+1/3')).toEqual({
      kind: 'fraction',
      operator: '+',
      left: { numerator: 1, denominator: 2 },
      right: { numerator: 1, denominator: 3 },
    });
    expect(parseArithmetic('3分の2たす6分の1は？')).toMatchObject({
      left: { numerator: 2, denominator: 3 },
      right: { numerator: 1, denominator: 6 },
    });
  });

  it.each(['なぜ空は青いの？', 'hello', 'スーパーで3こ買った', '1234567890123 + 1', '1/0 + 1/2'])(
    'leaves %s alone',
    (text) => {
      expect(parseArithmetic(text)).toBeNull();
    },
  );
});

describe('column arithmetic', () => {
  it('23 + 48 carries one from the ones', () => {
    const { columns, result } = columnAddition(23, 48);
    expect(result).toBe(71);
    expect(columns[0]).toMatchObject({ top: 3, bottom: 8, sum: 11, write: 1, carryOut: 1 });
    expect(columns[1]).toMatchObject({ top: 2, bottom: 4, carryIn: 1, sum: 7, write: 7, carryOut: 0 });
  });

  it('99 + 1 carries into a new place', () => {
    const { columns, result } = columnAddition(99, 1);
    expect(result).toBe(100);
    expect(columns.map((column) => column.write)).toEqual([0, 0, 1]);
  });

  it('305 - 128 borrows through a zero', () => {
    const { columns, result } = columnSubtraction(305, 128);
    expect(result).toBe(177);
    expect(columns[0]!.borrow).toEqual({ fromPlace: 2, fromBefore: 3, throughZeros: [1] });
    expect(columns.map((column) => [column.minuend, column.result])).toEqual([
      [15, 7],
      [9, 7],
      [2, 1],
    ]);
  });

  it('long division keeps every partial remainder', () => {
    expect(longDivision(936, 4)).toMatchObject({ quotient: 234, remainder: 0 });
    expect(longDivision(17, 5)).toMatchObject({ quotient: 3, remainder: 2 });
    expect(longDivision(1000, 7)).toMatchObject({ quotient: 142, remainder: 6 });
    expect(longDivision(1000, 7).steps.map((step) => step.current)).toEqual([10, 30, 20]);
  });

  it('fractions over the least common denominator, simplified, as a mixed number', () => {
    const sum = solveFractions({
      kind: 'fraction',
      operator: '+',
      left: { numerator: 3, denominator: 4 },
      right: { numerator: 5, denominator: 6 },
    });
    expect(sum.common?.denominator).toBe(12);
    expect(sum.simplified).toEqual({ numerator: 19, denominator: 12 });
    expect(sum.mixed).toEqual({ whole: 1, rest: { numerator: 7, denominator: 12 } });
  });
});

describe('explanations in Japanese', () => {
  it('23+48: 3+8=11, carry 1, 2+4+1=7, answer 71, then a question back', () => {
    const text = reply('23+48は？');
    expect(text).toContain('3 + 8 = 11');
    expect(text).toContain('十の位に 1 くり上げる');
    expect(text).toContain('2 + 4 + くり上がった 1 = 7');
    expect(text).toContain('答え: 23 + 48 = 71');
    expect(text.trim().endsWith('？')).toBe(true);
  });

  it('52-17 borrows from the tens', () => {
    const text = reply('52-17');
    expect(text).toContain('2 から 7 はひけない');
    expect(text).toContain('十の位 5 → 4');
    expect(text).toContain('12 - 7 = 5');
    expect(text).toContain('4 - 1 = 3');
    expect(text).toContain('答え: 52 - 17 = 35');
  });

  it('12×3 by columns', () => {
    const text = reply('12×3');
    expect(text).toContain('2 × 3 = 6');
    expect(text).toContain('答え: 12 × 3 = 36');
  });

  it('17÷5 with a remainder and a check', () => {
    const text = reply('17÷5');
    expect(text).toContain('5 × 3 = 15');
    expect(text).toContain('答え: 17 ÷ 5 = 3 あまり 2');
    expect(text).toContain('5 × 3 + 2 = 17');
  });

  it('1/2+1/3 finds 6 as the common denominator', () => {
    const text = reply('1/2+1/3');
    expect(text).toContain('最小公倍数は 6');
    expect(text).toContain('1/2 = 3/6');
    expect(text).toContain('3/6 + 2/6 = 5/6');
    expect(text).toContain('答え: 1/2 + 1/3 = 5/6');
  });

  it('2/4+1/4 simplifies', () => {
    expect(reply('2/4+1/4')).toContain('答え: 2/4 + 1/4 = 3/4');
    expect(reply('1/4+1/4')).toContain('約分しよう。分母と分子を 2 でわると 1/2');
  });

  it('refuses to divide by zero, kindly', () => {
    expect(reply('5÷0')).toContain('0 でわることはできない');
  });
});

describe('explanations in English', () => {
  it('305 - 128 explains the borrow through the zero tens', () => {
    const text = reply('what is 305 - 128?', 'en');
    expect(text).toContain('the tens is 0, so borrow 1 from the hundreds (3 → 2)');
    expect(text).toContain('15 - 8 = 7');
    expect(text).toContain('Answer: 305 - 128 = 177');
    expect(text).toContain('Now you try');
  });

  it.each([
    ['23+48', 'Answer: 23 + 48 = 71', 'carry 1 to the tens'],
    ['23 x 45', 'Answer: 23 × 45 = 1035', 'add 1 zero: 920'],
    ['100 ÷ 7', 'Answer: 100 ÷ 7 = 14 remainder 2', 'How many 7s fit in 10?'],
    ['2/3 × 3/4', 'Answer: 2/3 × 3/4 = 1/2', 'multiply the tops'],
    ['2/3 ÷ 4/9', 'Answer: 2/3 ÷ 4/9 = 3/2', 'flip it'],
    ['5/6 - 1/3', 'Answer: 5/6 - 1/3 = 1/2', 'least common multiple of 6 and 3 is 6'],
    ['5 - 8', 'Answer: 5 - 8 = -3', 'negative'],
  ])('%s', (question, answer, step) => {
    const text = reply(question, 'en');
    expect(text).toContain(answer);
    expect(text).toContain(step);
  });

  it('agrees with JavaScript on many sums and differences', () => {
    for (let left = 0; left < 400; left += 37) {
      for (let right = 0; right < 400; right += 29) {
        expect(explainArithmetic({ kind: 'add', left, right }, 'en').answer).toBe(String(left + right));
        expect(explainArithmetic({ kind: 'subtract', left, right }, 'ja').answer).toBe(String(left - right));
        expect(explainArithmetic({ kind: 'multiply', left, right }, 'en').answer).toBe(String(left * right));
      }
    }
  });
});

describe('other subjects and languages', () => {
  it('answers non-arithmetic with guiding questions, not answers', () => {
    const text = composeOfflineReply({
      text: 'なぜ空は青いの？',
      lang: 'ja',
      gradeBand: 'upper',
      subject: 'science',
    });
    expect(text.startsWith(offlineNotice.ja)).toBe(true);
    expect(text).toContain('予想');
    expect((text.match(/？/g) ?? []).length).toBeGreaterThanOrEqual(2);
  });

  it.each(languages)('says it is offline in %s', (lang) => {
    const text = composeOfflineReply({ text: '2+2', lang, gradeBand: 'lower', subject: 'math' });
    expect(text.startsWith(offlineNotice[lang])).toBe(true);
    expect(text).toContain('= 4');
  });

  it('streams in word-sized pieces that add back up to the text', () => {
    const text = reply('23+48は？');
    const pieces = splitForStreaming(text, 'ja');
    expect(pieces.length).toBeGreaterThan(20);
    expect(pieces.join('')).toBe(text);
  });
});
