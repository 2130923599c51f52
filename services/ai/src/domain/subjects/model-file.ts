import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SubjectModel } from './classifier';

export const subjectModelPath = fileURLToPath(new URL('./model.json', import.meta.url));

let loaded: SubjectModel | undefined;

/** Read at first use, not imported: type-checking a large JSON literal would slow every build. */
export function bundledSubjectModel(): SubjectModel {
  if (!loaded) {
    const model = JSON.parse(readFileSync(subjectModelPath, 'utf8')) as SubjectModel;
    if (model.version !== 1 || !Array.isArray(model.labels))
      throw new Error('subject model has an unknown format');
    loaded = model;
  }
  return loaded;
}
