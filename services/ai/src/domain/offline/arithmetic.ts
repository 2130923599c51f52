/**
 * Arithmetic the offline tutor can explain: parsing a child's question and
 * solving it as a list of steps a teacher would write on the board (column
 * addition with carries, subtraction with borrows, multiplication by partial
 * products, division with a remainder, fractions over a common denominator).
 * Words come later (explain.ts); this file only knows numbers.
 */
export interface Fraction {
  numerator: number;
  denominator: number;
}

export type ArithmeticProblem =
  | { kind: 'add' | 'subtract' | 'multiply' | 'divide'; left: number; right: number }
  | { kind: 'fraction'; operator: '+' | '-' | '×' | '÷'; left: Fraction; right: Fraction };

/** Longer numbers make a column explanation unreadable for a child. */
const MAX_DIGITS = 9;

const WORD_OPERATORS: Array<[RegExp, string]> = [
  [/\bplus\b|\badd(ed)? to\b|たす|足す/gi, '+'],
  [/\bminus\b|\btake away\b|ひく|引く/gi, '-'],
  [/\btimes\b|\bmultiplied by\b|かける|掛ける/gi, '×'],
  [/\bdivided by\b|\bover\b|わる|割る/gi, '÷'],
];

/** Full-width digits and signs, Japanese fractions (3分の2) and word operators, to one notation. */
export function normalizeExpression(text: string): string {
  let out = text.normalize('NFKC');
  out = out.replace(/(\d+)\s*分の\s*(\d+)/g, '$2/$1');
  for (const [pattern, symbol] of WORD_OPERATORS) out = out.replace(pattern, ` ${symbol} `);
  out = out
    .replace(/[*✕✖]/g, '×')
    .replace(/(\d)\s*[xX]\s*(\d)/g, '$1×$2')
    .replace(/[−–]/g, '-')
    // The katakana long-vowel mark looks like a minus only between digits.
    .replace(/(\d)\s*ー\s*(?=\d)/g, '$1-')
    .replace(/,(?=\d{3}\b)/g, '');
  return out;
}

const OPERAND = String.raw`(\d+(?:\s*/\s*\d+)?)`;
const EXPRESSION = new RegExp(String.raw`${OPERAND}\s*([+\-×÷])\s*${OPERAND}`);

export function parseArithmetic(text: string): ArithmeticProblem | null {
  const normalized = normalizeExpression(text);
  const match = EXPRESSION.exec(normalized);
  if (!match) {
    // "17/5" on its own reads as a division question.
    const lone = /(?:^|[^\d/])(\d+)\s*\/\s*(\d+)(?![\d/])/.exec(normalized);
    if (lone && /[?？は=]|what|how/i.test(normalized)) {
      return integerProblem('divide', lone[1]!, lone[2]!);
    }
    return null;
  }
  const [, leftText, operator, rightText] = match as unknown as [string, string, string, string];
  const leftFraction = parseFraction(leftText);
  const rightFraction = parseFraction(rightText);
  if (leftFraction || rightFraction) {
    const left = leftFraction ?? { numerator: Number(leftText), denominator: 1 };
    const right = rightFraction ?? { numerator: Number(rightText), denominator: 1 };
    if (left.denominator === 0 || right.denominator === 0) return null;
    if (!withinSize(left.numerator, left.denominator, right.numerator, right.denominator)) return null;
    return { kind: 'fraction', operator: operator as '+' | '-' | '×' | '÷', left, right };
  }
  const kind = ({ '+': 'add', '-': 'subtract', '×': 'multiply', '÷': 'divide' } as const)[
    operator as '+' | '-' | '×' | '÷'
  ];
  return integerProblem(kind, leftText, rightText);
}

function integerProblem(
  kind: 'add' | 'subtract' | 'multiply' | 'divide',
  leftText: string,
  rightText: string,
): ArithmeticProblem | null {
  const left = Number(leftText);
  const right = Number(rightText);
  if (!withinSize(left, right)) return null;
  return { kind, left, right };
}

function withinSize(...values: number[]): boolean {
  return values.every((value) => Number.isSafeInteger(value) && String(value).length <= MAX_DIGITS);
}

function parseFraction(text: string): Fraction | null {
  const match = /^(\d+)\s*\/\s*(\d+)$/.exec(text.trim());
  return match ? { numerator: Number(match[1]), denominator: Number(match[2]) } : null;
}

/** Digits least significant first: 305 -> [5, 0, 3]. */
export function digitsOf(value: number): number[] {
  return String(value).split('').reverse().map(Number);
}

export interface AdditionColumn {
  place: number;
  top: number;
  bottom: number;
  carryIn: number;
  sum: number;
  write: number;
  carryOut: number;
}

export function columnAddition(left: number, right: number): { columns: AdditionColumn[]; result: number } {
  const top = digitsOf(left);
  const bottom = digitsOf(right);
  const columns: AdditionColumn[] = [];
  let carry = 0;
  for (let place = 0; place < Math.max(top.length, bottom.length); place++) {
    const a = top[place] ?? 0;
    const b = bottom[place] ?? 0;
    const sum = a + b + carry;
    columns.push({
      place,
      top: a,
      bottom: b,
      carryIn: carry,
      sum,
      write: sum % 10,
      carryOut: Math.floor(sum / 10),
    });
    carry = Math.floor(sum / 10);
  }
  if (carry > 0) {
    columns.push({
      place: columns.length,
      top: 0,
      bottom: 0,
      carryIn: carry,
      sum: carry,
      write: carry,
      carryOut: 0,
    });
  }
  return { columns, result: left + right };
}

export interface SubtractionColumn {
  place: number;
  /** The digit as written in the problem. */
  originalTop: number;
  /** After lending to the place on its right, before borrowing for itself. */
  top: number;
  bottom: number;
  /** Set when this place had to borrow: where the 1 came from and the zeros it passed through. */
  borrow: { fromPlace: number; fromBefore: number; throughZeros: number[] } | null;
  /** The value subtracted from: `top`, or `top + 10` after borrowing. */
  minuend: number;
  result: number;
}

/** Column subtraction of `left - right` with `left >= right`. */
export function columnSubtraction(
  left: number,
  right: number,
): { columns: SubtractionColumn[]; result: number } {
  const original = digitsOf(left);
  const working = [...original];
  const bottom = digitsOf(right);
  const columns: SubtractionColumn[] = [];
  for (let place = 0; place < original.length; place++) {
    const b = bottom[place] ?? 0;
    const top = working[place]!;
    let borrow: SubtractionColumn['borrow'] = null;
    let minuend = top;
    if (top < b) {
      let from = place + 1;
      while (working[from] === 0) from++;
      const fromBefore = working[from]!;
      const throughZeros: number[] = [];
      working[from] = fromBefore - 1;
      for (let between = from - 1; between > place; between--) {
        throughZeros.push(between);
        working[between] = 9;
      }
      borrow = { fromPlace: from, fromBefore, throughZeros: throughZeros.reverse() };
      minuend = top + 10;
    }
    columns.push({
      place,
      originalTop: original[place]!,
      top,
      bottom: b,
      borrow,
      minuend,
      result: minuend - b,
    });
  }
  return { columns, result: left - right };
}

export interface PartialProduct {
  /** The digit of the right factor and its place. */
  digit: number;
  place: number;
  /** left × digit × 10^place */
  value: number;
}

export function longMultiplication(
  left: number,
  right: number,
): { partials: PartialProduct[]; result: number } {
  const partials = digitsOf(right)
    .map((digit, place) => ({ digit, place, value: left * digit * 10 ** place }))
    .filter((partial) => partial.digit !== 0);
  return { partials, result: left * right };
}

export interface DivisionStep {
  /** The part of the dividend being divided at this step. */
  current: number;
  quotientDigit: number;
  product: number;
  remainder: number;
}

export function longDivision(
  dividend: number,
  divisor: number,
): { steps: DivisionStep[]; quotient: number; remainder: number } {
  const steps: DivisionStep[] = [];
  let remainder = 0;
  for (const digit of String(dividend)) {
    const current = remainder * 10 + Number(digit);
    const quotientDigit = Math.floor(current / divisor);
    remainder = current - quotientDigit * divisor;
    // Leading steps where the divisor does not fit yet are folded into the next.
    if (quotientDigit === 0 && steps.length === 0) continue;
    steps.push({ current, quotientDigit, product: quotientDigit * divisor, remainder });
  }
  return { steps, quotient: Math.floor(dividend / divisor), remainder: dividend % divisor };
}

export function greatestCommonDivisor(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x || 1;
}

export function leastCommonMultiple(a: number, b: number): number {
  return (a / greatestCommonDivisor(a, b)) * b;
}

export function simplify(fraction: Fraction): Fraction {
  const divisor = greatestCommonDivisor(fraction.numerator, fraction.denominator);
  return { numerator: fraction.numerator / divisor, denominator: fraction.denominator / divisor };
}

export interface FractionSolution {
  operator: '+' | '-' | '×' | '÷';
  left: Fraction;
  right: Fraction;
  /** + and -: both fractions over the least common denominator. */
  common: { denominator: number; left: Fraction; right: Fraction } | null;
  /** ÷: the right fraction turned upside down. */
  reciprocal: Fraction | null;
  unsimplified: Fraction;
  simplified: Fraction;
  /** For improper results: whole part and the fraction left over. */
  mixed: { whole: number; rest: Fraction } | null;
}

export function solveFractions(problem: Extract<ArithmeticProblem, { kind: 'fraction' }>): FractionSolution {
  const { left, right, operator } = problem;
  let common: FractionSolution['common'] = null;
  let reciprocal: Fraction | null = null;
  let unsimplified: Fraction;
  if (operator === '+' || operator === '-') {
    const denominator = leastCommonMultiple(left.denominator, right.denominator);
    const scaledLeft = { numerator: left.numerator * (denominator / left.denominator), denominator };
    const scaledRight = { numerator: right.numerator * (denominator / right.denominator), denominator };
    common = { denominator, left: scaledLeft, right: scaledRight };
    const numerator =
      operator === '+'
        ? scaledLeft.numerator + scaledRight.numerator
        : scaledLeft.numerator - scaledRight.numerator;
    unsimplified = { numerator, denominator };
  } else if (operator === '×') {
    unsimplified = {
      numerator: left.numerator * right.numerator,
      denominator: left.denominator * right.denominator,
    };
  } else {
    reciprocal = { numerator: right.denominator, denominator: right.numerator };
    unsimplified = {
      numerator: left.numerator * reciprocal.numerator,
      denominator: left.denominator * reciprocal.denominator,
    };
  }
  const simplified = simplify(unsimplified);
  const mixed =
    simplified.denominator > 1 && Math.abs(simplified.numerator) > simplified.denominator
      ? {
          whole: Math.trunc(simplified.numerator / simplified.denominator),
          rest: {
            numerator: Math.abs(simplified.numerator % simplified.denominator),
            denominator: simplified.denominator,
          },
        }
      : null;
  return { operator, left, right, common, reciprocal, unsimplified, simplified, mixed };
}

export interface MultiplicationColumn {
  place: number;
  digit: number;
  carryIn: number;
  product: number;
  write: number;
  carryOut: number;
}

/** `left × digit` column by column, for the one-digit multiplier children meet first. */
export function multiplyByDigit(
  left: number,
  digit: number,
): { columns: MultiplicationColumn[]; result: number } {
  const columns: MultiplicationColumn[] = [];
  let carry = 0;
  digitsOf(left).forEach((top, place) => {
    const product = top * digit + carry;
    columns.push({
      place,
      digit: top,
      carryIn: carry,
      product,
      write: product % 10,
      carryOut: Math.floor(product / 10),
    });
    carry = Math.floor(product / 10);
  });
  return { columns, result: left * digit };
}
