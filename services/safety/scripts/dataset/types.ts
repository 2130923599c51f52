import type { ClassifierLabel } from '../../src/domain/classifier';

/**
 * Templates for the labeled dataset. `{slot}` is filled from the language's slots; each
 * template yields several sentences. Hard benign cases (history, biology, cooking, idioms,
 * games, health education) are deliberately full of words that also appear in harm.
 */
export interface LanguageTemplates {
  slots: Record<string, readonly string[]>;
  templates: Record<ClassifierLabel, readonly string[]>;
  prefixes: readonly string[];
  suffixes: readonly string[];
}
