import type {
  AdditionColumn,
  DivisionStep,
  Fraction,
  FractionSolution,
  MultiplicationColumn,
  PartialProduct,
  SubtractionColumn,
} from './arithmetic';

/** Everything the arithmetic explanation says, per language; structure lives in explain.ts. */
export interface ArithmeticPhrases {
  addIntro(expression: string): string;
  addColumn(column: AdditionColumn): string;
  subtractIntro(expression: string): string;
  subtractSwap(left: number, right: number): string;
  subtractColumn(column: SubtractionColumn, isLeadingZero: boolean): string;
  multiplyIntro(expression: string): string;
  multiplyColumn(column: MultiplicationColumn, multiplier: number, isLast: boolean): string;
  multiplyPartial(left: number, partial: PartialProduct): string;
  multiplySum(partials: PartialProduct[], result: number): string;
  divideIntro(expression: string): string;
  divideByZero(): string;
  divideSmall(dividend: number, divisor: number, quotient: number, remainder: number): string;
  divideStep(step: DivisionStep, divisor: number): string;
  fractionIntro(expression: string): string;
  fractionCommon(solution: FractionSolution): string[];
  fractionMultiply(solution: FractionSolution): string;
  fractionDivide(solution: FractionSolution): string;
  fractionSimplify(solution: FractionSolution): string;
  answer(expression: string, result: string): string;
  remainderResult(quotient: number, remainder: number): string;
  check(text: string): string;
  tryNext(expression: string, hint: 'ones' | 'common' | 'table'): string;
}

export const fractionText = (fraction: Fraction) =>
  fraction.denominator === 1 ? String(fraction.numerator) : `${fraction.numerator}/${fraction.denominator}`;

const jaPlaces = ['一', '十', '百', '千', '一万', '十万', '百万', '千万', '一億', '十億'];
const jaPlace = (place: number) => `${jaPlaces[place] ?? `${place + 1}けた目`}の位`;

export const japanese: ArithmeticPhrases = {
  addIntro: (expression) => `${expression} を、ひっ算で一の位から順番に計算してみよう。`,
  addColumn(column) {
    if (column.top === 0 && column.bottom === 0 && column.carryIn > 0) {
      return `${jaPlace(column.place)}: くり上がった ${column.carryIn} をそのまま書くよ。`;
    }
    const sum =
      column.carryIn > 0
        ? `${column.top} + ${column.bottom} + くり上がった ${column.carryIn} = ${column.sum}`
        : `${column.top} + ${column.bottom} = ${column.sum}`;
    if (column.carryOut > 0) {
      return `${jaPlace(column.place)}: ${sum}。10 をこえたので、${jaPlace(column.place)}に ${column.write} を書いて、${jaPlace(column.place + 1)}に ${column.carryOut} くり上げるよ。`;
    }
    return `${jaPlace(column.place)}: ${sum}。${jaPlace(column.place)}に ${column.write} を書くよ。`;
  },
  subtractIntro: (expression) => `${expression} を、ひっ算で一の位から順番に計算してみよう。`,
  subtractSwap: (left, right) =>
    `${left} より ${right} のほうが大きいので、答えはマイナス（0 より小さい数）になるよ。まず ${right} - ${left} を計算して、最後にマイナスをつけよう。`,
  subtractColumn(column, isLeadingZero) {
    const place = jaPlace(column.place);
    const parts: string[] = [];
    if (column.top !== column.originalTop) {
      parts.push(`${place}の ${column.originalTop} は、となりにかしたので ${column.top} になっているよ。`);
    }
    if (column.borrow) {
      const { fromPlace, fromBefore, throughZeros } = column.borrow;
      const through = throughZeros.length
        ? `${throughZeros.map(jaPlace).join('と')}は 0 なので、${jaPlace(fromPlace)}までさかのぼって 1 かりるよ（${jaPlace(fromPlace)} ${fromBefore} → ${fromBefore - 1}、${throughZeros.map(jaPlace).join('と')}は 9 になる）。`
        : `${jaPlace(fromPlace)}から 1 かりるよ（${jaPlace(fromPlace)} ${fromBefore} → ${fromBefore - 1}）。`;
      parts.push(`${column.top} から ${column.bottom} はひけないので、${through}`);
      parts.push(`${column.minuend} - ${column.bottom} = ${column.result}。`);
    } else {
      parts.push(`${column.minuend} - ${column.bottom} = ${column.result}。`);
    }
    if (isLeadingZero) parts.push('いちばん左の 0 は書かなくていいよ。');
    return `${place}: ${parts.join('')}`;
  },
  multiplyIntro: (expression) => `${expression} を、ひっ算で計算してみよう。`,
  multiplyColumn(column, multiplier, isLast) {
    const place = jaPlace(column.place);
    const product =
      column.carryIn > 0
        ? `${column.digit} × ${multiplier} = ${column.digit * multiplier}、くり上がった ${column.carryIn} をたして ${column.product}`
        : `${column.digit} × ${multiplier} = ${column.product}`;
    if (column.carryOut > 0 && !isLast) {
      return `${place}: ${product}。${column.write} を書いて、${column.carryOut} をつぎの位にくり上げるよ。`;
    }
    return `${place}: ${product}。${isLast ? `${column.product} をそのまま書くよ。` : `${column.write} を書くよ。`}`;
  },
  multiplyPartial: (left, partial) =>
    partial.place === 0
      ? `${left} × ${partial.digit} = ${partial.value}`
      : `${left} × ${partial.digit} = ${left * partial.digit}。${jaPlace(partial.place)}の数なので、うしろに 0 を ${partial.place} こつけて ${partial.value}`,
  multiplySum: (partials, result) =>
    `ぜんぶたすと ${partials.map((partial) => partial.value).join(' + ')} = ${result}。`,
  divideIntro: (expression) => `${expression} を考えてみよう。わる数の九九（だん）を使うよ。`,
  divideByZero: () =>
    '0 でわることはできないんだ。「0 こずつ分ける」と、何回分けてもおわらないからだよ。わる数をもう一度見てみよう。',
  divideSmall: (dividend, divisor, quotient, remainder) =>
    `${divisor} のだんで、${dividend} をこえない一番大きい数をさがそう。${divisor} × ${quotient} = ${divisor * quotient}、${divisor} × ${quotient + 1} = ${divisor * (quotient + 1)} は大きすぎるね。だから ${quotient}。${remainder > 0 ? `${dividend} - ${divisor * quotient} = ${remainder} があまりだよ。` : 'あまりはないよ。'}`,
  divideStep: (step, divisor) =>
    `${step.current} の中に ${divisor} はいくつ？ → ${step.quotientDigit}（${divisor} × ${step.quotientDigit} = ${step.product}）。${step.current} - ${step.product} = ${step.remainder}。`,
  fractionIntro: (expression) => `${expression} を、じゅんばんに考えてみよう。`,
  fractionCommon(solution) {
    const common = solution.common!;
    const { left, right } = solution;
    const verb = solution.operator === '+' ? 'たす' : 'ひく';
    if (left.denominator === right.denominator) {
      return [`分母が同じ ${common.denominator} なので、分子どうしを${verb}よ。`];
    }
    const scale = (from: Fraction, to: Fraction) =>
      from.denominator === to.denominator
        ? `${fractionText(from)} はそのまま`
        : `${fractionText(from)} = ${fractionText(to)}（分母と分子に ${to.denominator / from.denominator} をかける）`;
    return [
      `分母がちがうので、そろえよう。${left.denominator} と ${right.denominator} の最小公倍数は ${common.denominator} だよ。`,
      `${scale(left, common.left)}、${scale(right, common.right)}。`,
      `分子どうしを${verb}と ${fractionText(common.left)} ${solution.operator} ${fractionText(common.right)} = ${fractionText(solution.unsimplified)}。`,
    ];
  },
  fractionMultiply: (solution) =>
    `分数のかけ算は、分子どうし・分母どうしをかけるよ: (${solution.left.numerator} × ${solution.right.numerator}) / (${solution.left.denominator} × ${solution.right.denominator}) = ${fractionText(solution.unsimplified)}。`,
  fractionDivide: (solution) =>
    `分数のわり算は、わる数の分母と分子を入れかえて（${fractionText(solution.right)} → ${fractionText(solution.reciprocal!)}）かけ算にするよ: ${fractionText(solution.left)} × ${fractionText(solution.reciprocal!)} = ${fractionText(solution.unsimplified)}。`,
  fractionSimplify(solution) {
    const { unsimplified, simplified, mixed } = solution;
    const parts: string[] = [];
    if (simplified.numerator === unsimplified.numerator) {
      parts.push(`${fractionText(unsimplified)} はこれ以上約分できないよ。`);
    } else {
      const divisor = unsimplified.denominator / simplified.denominator;
      parts.push(`約分しよう。分母と分子を ${divisor} でわると ${fractionText(simplified)}。`);
    }
    if (mixed) parts.push(`帯分数にすると ${mixed.whole}と${fractionText(mixed.rest)} だよ。`);
    return parts.join('');
  },
  answer: (expression, result) => `答え: ${expression} = ${result}`,
  remainderResult: (quotient, remainder) =>
    remainder > 0 ? `${quotient} あまり ${remainder}` : `${quotient}`,
  check: (text) => `たしかめ: ${text} になるかな？`,
  tryNext(expression, hint) {
    const focus = {
      ones: '一の位はいくつになるかな？',
      common: 'まず、分母をいくつにそろえるといいかな？',
      table: 'どのだんの九九を使うかな？',
    }[hint];
    return `じゃあ、つぎは ${expression} をやってみよう。${focus}`;
  },
};
