import type { Fraction } from './arithmetic';
import { type ArithmeticPhrases, fractionText } from './phrases';

const enPlaces = [
  'ones',
  'tens',
  'hundreds',
  'thousands',
  'ten thousands',
  'hundred thousands',
  'millions',
  'ten millions',
  'hundred millions',
  'billions',
];
const enPlace = (place: number) => enPlaces[place] ?? `place ${place + 1}`;
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const english: ArithmeticPhrases = {
  addIntro: (expression) => `Let's work out ${expression} in columns, starting from the ones.`,
  addColumn(column) {
    const place = capital(enPlace(column.place));
    if (column.top === 0 && column.bottom === 0 && column.carryIn > 0) {
      return `${place}: just write the carried ${column.carryIn}.`;
    }
    const sum =
      column.carryIn > 0
        ? `${column.top} + ${column.bottom} + ${column.carryIn} (carried) = ${column.sum}`
        : `${column.top} + ${column.bottom} = ${column.sum}`;
    if (column.carryOut > 0) {
      return `${place}: ${sum}. That's 10 or more, so write ${column.write} in the ${enPlace(column.place)} and carry ${column.carryOut} to the ${enPlace(column.place + 1)}.`;
    }
    return `${place}: ${sum}. Write ${column.write} in the ${enPlace(column.place)}.`;
  },
  subtractIntro: (expression) => `Let's work out ${expression} in columns, starting from the ones.`,
  subtractSwap: (left, right) =>
    `${right} is bigger than ${left}, so the answer will be negative (less than 0). Let's work out ${right} - ${left} first and put a minus sign in front at the end.`,
  subtractColumn(column, isLeadingZero) {
    const place = capital(enPlace(column.place));
    const parts: string[] = [];
    if (column.top !== column.originalTop) {
      parts.push(`the ${column.originalTop} became ${column.top} after lending to the right.`);
    }
    if (column.borrow) {
      const { fromPlace, fromBefore, throughZeros } = column.borrow;
      const zeros = throughZeros.map(enPlace).join(' and ');
      parts.push(
        throughZeros.length
          ? `${column.top} - ${column.bottom} doesn't work, and the ${zeros} ${throughZeros.length > 1 ? 'are' : 'is'} 0, so borrow 1 from the ${enPlace(fromPlace)} (${fromBefore} → ${fromBefore - 1}); the ${zeros} ${throughZeros.length > 1 ? 'become' : 'becomes'} 9.`
          : `${column.top} - ${column.bottom} doesn't work, so borrow 1 from the ${enPlace(fromPlace)} (${fromBefore} → ${fromBefore - 1}).`,
      );
    }
    parts.push(`${column.minuend} - ${column.bottom} = ${column.result}.`);
    if (isLeadingZero) parts.push("We don't write a 0 at the front.");
    return `${place}: ${parts.join(' ')}`;
  },
  multiplyIntro: (expression) => `Let's work out ${expression} in columns.`,
  multiplyColumn(column, multiplier, isLast) {
    const place = capital(enPlace(column.place));
    const product =
      column.carryIn > 0
        ? `${column.digit} × ${multiplier} = ${column.digit * multiplier}, plus ${column.carryIn} carried = ${column.product}`
        : `${column.digit} × ${multiplier} = ${column.product}`;
    if (column.carryOut > 0 && !isLast) {
      return `${place}: ${product}. Write ${column.write} and carry ${column.carryOut}.`;
    }
    return `${place}: ${product}. Write ${isLast ? column.product : column.write}.`;
  },
  multiplyPartial: (left, partial) =>
    partial.place === 0
      ? `${left} × ${partial.digit} = ${partial.value}`
      : `${left} × ${partial.digit} = ${left * partial.digit}; it's the ${enPlace(partial.place)} digit, so add ${partial.place} zero${partial.place > 1 ? 's' : ''}: ${partial.value}`,
  multiplySum: (partials, result) =>
    `Add them up: ${partials.map((partial) => partial.value).join(' + ')} = ${result}.`,
  divideIntro: (expression) =>
    `Let's think about ${expression} using the times table of the number we divide by.`,
  divideByZero: () =>
    "We can't divide by 0: sharing into groups of 0 would never end. Have another look at the number you divide by.",
  divideSmall: (dividend, divisor, quotient, remainder) =>
    `Find the biggest number in the ${divisor} times table that is not more than ${dividend}. ${divisor} × ${quotient} = ${divisor * quotient}, and ${divisor} × ${quotient + 1} = ${divisor * (quotient + 1)} is too big. So it's ${quotient}. ${remainder > 0 ? `${dividend} - ${divisor * quotient} = ${remainder} is left over: the remainder.` : 'Nothing is left over.'}`,
  divideStep: (step, divisor) =>
    `How many ${divisor}s fit in ${step.current}? ${step.quotientDigit} (${divisor} × ${step.quotientDigit} = ${step.product}). ${step.current} - ${step.product} = ${step.remainder}.`,
  fractionIntro: (expression) => `Let's work out ${expression} step by step.`,
  fractionCommon(solution) {
    const common = solution.common!;
    const { left, right } = solution;
    const verb = solution.operator === '+' ? 'add' : 'subtract';
    if (left.denominator === right.denominator) {
      return [`The denominators are both ${common.denominator}, so just ${verb} the numerators.`];
    }
    const scale = (from: Fraction, to: Fraction) =>
      from.denominator === to.denominator
        ? `${fractionText(from)} stays as it is`
        : `${fractionText(from)} = ${fractionText(to)} (multiply top and bottom by ${to.denominator / from.denominator})`;
    return [
      `The denominators are different, so make them the same. The least common multiple of ${left.denominator} and ${right.denominator} is ${common.denominator}.`,
      `${scale(left, common.left)}; ${scale(right, common.right)}.`,
      `Now ${verb} the numerators: ${fractionText(common.left)} ${solution.operator} ${fractionText(common.right)} = ${fractionText(solution.unsimplified)}.`,
    ];
  },
  fractionMultiply: (solution) =>
    `To multiply fractions, multiply the tops and multiply the bottoms: (${solution.left.numerator} × ${solution.right.numerator}) / (${solution.left.denominator} × ${solution.right.denominator}) = ${fractionText(solution.unsimplified)}.`,
  fractionDivide: (solution) =>
    `To divide by a fraction, flip it (${fractionText(solution.right)} → ${fractionText(solution.reciprocal!)}) and multiply: ${fractionText(solution.left)} × ${fractionText(solution.reciprocal!)} = ${fractionText(solution.unsimplified)}.`,
  fractionSimplify(solution) {
    const { unsimplified, simplified, mixed } = solution;
    const parts: string[] = [];
    if (simplified.numerator === unsimplified.numerator) {
      parts.push(`${fractionText(unsimplified)} is already in simplest form.`);
    } else {
      const divisor = unsimplified.denominator / simplified.denominator;
      parts.push(`Simplify: divide top and bottom by ${divisor} to get ${fractionText(simplified)}.`);
    }
    if (mixed) parts.push(`As a mixed number that's ${mixed.whole} and ${fractionText(mixed.rest)}.`);
    return parts.join(' ');
  },
  answer: (expression, result) => `Answer: ${expression} = ${result}`,
  remainderResult: (quotient, remainder) =>
    remainder > 0 ? `${quotient} remainder ${remainder}` : `${quotient}`,
  check: (text) => `Check: does ${text} work out?`,
  tryNext(expression, hint) {
    const focus = {
      ones: 'What do you get in the ones place?',
      common: 'What denominator would you use first?',
      table: 'Which times table will you use?',
    }[hint];
    return `Now you try: ${expression}. ${focus}`;
  },
};
