import {
  type ArithmeticProblem,
  columnAddition,
  columnSubtraction,
  type Fraction,
  longDivision,
  longMultiplication,
  multiplyByDigit,
  solveFractions,
} from './arithmetic';
import { type ArithmeticPhrases, fractionText, japanese } from './phrases';
import { english } from './phrases-en';

export type ExplanationLang = 'ja' | 'en';

export interface Explanation {
  lines: string[];
  /** The result as the child would write it (e.g. `3 あまり 2`, `5/6`). */
  answer: string;
}

const SYMBOL = { add: '+', subtract: '-', multiply: '×', divide: '÷' } as const;

export function expressionText(problem: ArithmeticProblem): string {
  if (problem.kind === 'fraction') {
    return `${fractionText(problem.left)} ${problem.operator} ${fractionText(problem.right)}`;
  }
  return `${problem.left} ${SYMBOL[problem.kind]} ${problem.right}`;
}

/** Step-by-step explanation, the answer, a way to check it, and a similar problem to try. */
export function explainArithmetic(problem: ArithmeticProblem, lang: ExplanationLang): Explanation {
  const phrases = lang === 'ja' ? japanese : english;
  const expression = expressionText(problem);
  switch (problem.kind) {
    case 'add':
      return explainAddition(problem.left, problem.right, expression, phrases);
    case 'subtract':
      return explainSubtraction(problem.left, problem.right, expression, phrases);
    case 'multiply':
      return explainMultiplication(problem.left, problem.right, expression, phrases);
    case 'divide':
      return explainDivision(problem.left, problem.right, expression, phrases);
    case 'fraction':
      return explainFractions(problem, expression, phrases);
  }
}

const numbered = (lines: string[]) => lines.map((line, index) => `${index + 1}. ${line}`);

function explainAddition(
  left: number,
  right: number,
  expression: string,
  phrases: ArithmeticPhrases,
): Explanation {
  const { columns, result } = columnAddition(left, right);
  return {
    answer: String(result),
    lines: [
      phrases.addIntro(expression),
      ...numbered(columns.map((column) => phrases.addColumn(column))),
      phrases.answer(expression, String(result)),
      phrases.check(`${result} - ${right} = ${left}`),
      phrases.tryNext(`${left + 13} + ${right + 9}`, 'ones'),
    ],
  };
}

function explainSubtraction(
  left: number,
  right: number,
  expression: string,
  phrases: ArithmeticPhrases,
): Explanation {
  const swapped = left < right;
  const [big, small] = swapped ? [right, left] : [left, right];
  const { columns, result } = columnSubtraction(big, small);
  const answer = String(swapped ? -result : result);
  const steps = columns.map((column, index) =>
    phrases.subtractColumn(column, index === columns.length - 1 && column.result === 0 && columns.length > 1),
  );
  return {
    answer,
    lines: [
      phrases.subtractIntro(swapped ? `${big} - ${small}` : expression),
      ...(swapped ? [phrases.subtractSwap(left, right)] : []),
      ...numbered(steps),
      phrases.answer(expression, answer),
      phrases.check(`${result} + ${small} = ${big}`),
      phrases.tryNext(`${big + 11} - ${small + 4}`, 'ones'),
    ],
  };
}

function explainMultiplication(
  left: number,
  right: number,
  expression: string,
  phrases: ArithmeticPhrases,
): Explanation {
  const result = left * right;
  let steps: string[];
  if (right < 10) {
    const { columns } = multiplyByDigit(left, right);
    steps = columns.map((column, index) =>
      phrases.multiplyColumn(column, right, index === columns.length - 1),
    );
  } else {
    const { partials } = longMultiplication(left, right);
    steps = [
      ...partials.map((partial) => phrases.multiplyPartial(left, partial)),
      phrases.multiplySum(partials, result),
    ];
  }
  return {
    answer: String(result),
    lines: [
      phrases.multiplyIntro(expression),
      ...numbered(steps),
      phrases.answer(expression, String(result)),
      phrases.check(`${result} ÷ ${right} = ${left}`),
      phrases.tryNext(`${left + 1} × ${right}`, 'table'),
    ],
  };
}

function explainDivision(
  left: number,
  right: number,
  expression: string,
  phrases: ArithmeticPhrases,
): Explanation {
  if (right === 0) return { answer: '', lines: [phrases.divideByZero()] };
  const { steps, quotient, remainder } = longDivision(left, right);
  const answer = phrases.remainderResult(quotient, remainder);
  const body =
    quotient < 10
      ? [phrases.divideSmall(left, right, quotient, remainder)]
      : numbered(steps.map((step) => phrases.divideStep(step, right)));
  return {
    answer,
    lines: [
      phrases.divideIntro(expression),
      ...body,
      phrases.answer(expression, answer),
      phrases.check(`${right} × ${quotient}${remainder > 0 ? ` + ${remainder}` : ''} = ${left}`),
      phrases.tryNext(`${left + 3} ÷ ${right}`, 'table'),
    ],
  };
}

function explainFractions(
  problem: Extract<ArithmeticProblem, { kind: 'fraction' }>,
  expression: string,
  phrases: ArithmeticPhrases,
): Explanation {
  if (problem.operator === '÷' && problem.right.numerator === 0) {
    return { answer: '', lines: [phrases.divideByZero()] };
  }
  const solution = solveFractions(problem);
  const steps =
    problem.operator === '+' || problem.operator === '-'
      ? phrases.fractionCommon(solution)
      : [problem.operator === '×' ? phrases.fractionMultiply(solution) : phrases.fractionDivide(solution)];
  const answer = fractionText(solution.simplified);
  const next = (fraction: Fraction): Fraction => ({
    numerator: fraction.numerator,
    denominator: fraction.denominator + 1,
  });
  return {
    answer,
    lines: [
      phrases.fractionIntro(expression),
      ...numbered([...steps, phrases.fractionSimplify(solution)]),
      phrases.answer(expression, answer),
      phrases.tryNext(
        `${fractionText(next(problem.left))} ${problem.operator} ${fractionText(next(problem.right))}`,
        problem.operator === '+' || problem.operator === '-' ? 'common' : 'table',
      ),
    ],
  };
}
