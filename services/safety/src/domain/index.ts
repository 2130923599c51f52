// The scanner's public API. Everything here is pure: no I/O, no clock, no globals.
export { type Automaton, buildAutomaton, type PatternMatch } from './aho-corasick';
export {
  CLASSIFIER_LABELS,
  type Classifier,
  type ClassifierLabel,
  isTestExample,
  type LabeledExample,
  loadClassifier,
  type Prediction,
  type SerializedModel,
  type TrainOptions,
  trainClassifier,
} from './classifier';
export { ACTION_TABLE, CHILD_ALWAYS_ESCALATES, type Decision, decide } from './decision';
export { assessDistress, compileDistressLexicon, type DistressLexicon, scoreDistress } from './distress';
export { type CompiledLexicon, compileLexicon, extractFeatures, type Lexicon } from './features';
export { detectGrooming, findGroomingPhrases, type GroomingKind } from './grooming';
export { scanJsonLines } from './json-lines';
export { compileKeywordIndex, findKeywords, type KeywordIndex } from './keyword-detector';
export {
  type AllowContext,
  type KeywordEntry,
  type KeywordList,
  KeywordListError,
  type KeywordMatch,
  parseKeywordList,
} from './keyword-list';
export { type NormalizedText, normalizeForMatching, normalizeWidth, toOriginalRange } from './normalize';
export { findPersonalData, placeholderFor, redact } from './personal-data';
export { childReplyFor, crisisLinesFor } from './replies';
export {
  type ClassifierThresholds,
  createScanner,
  type ExtraSignal,
  MAX_SCAN_CHARS,
  type Scanner,
  type ScannerConfig,
  scanWithExtra,
} from './scanner';
export {
  createStreamGuard,
  type StreamGuard,
  type StreamGuardOptions,
  type StreamStep,
} from './stream-guard';
export * from './types';
