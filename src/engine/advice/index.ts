// Advice measured before it is given: each fix of a verdict trained and compared.
export { compare, tryFixes, type RunMeasure, type Trial, type TrialStatus, type TryOptions, type TryResult } from './try-fixes';
