export { RunRecorder } from './recorder';
export { listRuns, readRunEvents, summarizeRun, type RunInfo } from './reader';
