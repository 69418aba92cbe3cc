export { RunRecorder } from './recorder';
export { listRuns, parseRunEvents, parseRunEventsChecked, readRunEvents, summarizeRun, type ParsedEvents } from './reader';
export { checkTrainEvent, checkedEvents } from './schema';
export type { RunSummary } from './types';
