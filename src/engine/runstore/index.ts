export { RunRecorder } from './recorder';
export { listRuns, parseRunEvents, readRunEvents, summarizeRun } from './reader';
export type { RunSummary } from './types';
