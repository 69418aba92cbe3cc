// What a file needs before the studies can run, as a diagnostic on its line: the CLI prints
// FILE:LINE:COL and the editor points at the line, instead of a bare sentence.
import type { Splits } from '../data';
import { rangeOf } from '../netfile/format';
import type { FileDiagnostic, NetworkSpec } from '../netfile/spec';

export function studyRefusal(spec: NetworkSpec, splits: Splits): FileDiagnostic | null {
  if (splits.validation && splits.validation.n > 0) return null;
  const path = 'data.validation';
  return {
    ...rangeOf(spec, path), severity: 'error', code: 'no_validation_split', path,
    message: 'The studies measure validation error: give the file a validation split (data.validation: 0.2).',
  };
}
