// Advice measured before it is given: each fix of a verdict trained and compared.
export { compare, tryFixes, type TryOptions } from './try-fixes';
export type { RunMeasure, Trial, TrialStatus, TryResult } from './types';
