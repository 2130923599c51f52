import { createHash } from 'node:crypto';
import { type LabeledExample, predictSubject, type SubjectModel, trainSubjectModel } from './classifier';

export interface SubjectExample extends LabeledExample {
  /** Hand-written tricky phrasings (bare expressions, greetings, cross-subject words). */
  hard?: boolean;
}

/** Deterministic 80/20 split by a hash of the text, so every run holds out the same examples. */
export function isHeldOut(example: { text: string }): boolean {
  return createHash('sha256').update(example.text).digest()[0]! % 5 === 0;
}

export function accuracy(model: SubjectModel, examples: readonly SubjectExample[]): number {
  if (examples.length === 0) return 0;
  const correct = examples.filter(
    (example) => predictSubject(model, example.text).subject === example.subject,
  );
  return correct.length / examples.length;
}

export function evaluateHeldOut(examples: readonly SubjectExample[]): {
  heldOut: number;
  heldOutHard: number;
  trainCount: number;
  testCount: number;
} {
  const train = examples.filter((example) => !isHeldOut(example));
  const test = examples.filter(isHeldOut);
  const model = trainSubjectModel(train);
  return {
    heldOut: accuracy(model, test),
    heldOutHard: accuracy(
      model,
      test.filter((example) => example.hard),
    ),
    trainCount: train.length,
    testCount: test.length,
  };
}

export function parseExamples(jsonl: string): SubjectExample[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as SubjectExample);
}
