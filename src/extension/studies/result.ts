// What `backprop.diagnose` resolves with (for scripts and tests), and the panel's view of a
// result read back from the cache.
import type { StudyResult } from '../../engine/studies/types';
import type { StudyView } from '../../shared/protocol';

export interface StudyRunResult {
  status: StudyView['status'] | 'invalid';
  cached: boolean;
  result: StudyResult | null;
  message?: string;
  cacheKey?: string;
}

export function resultOf(view: StudyView, cached: boolean, cacheKey?: string): StudyRunResult {
  return { status: view.status, cached, result: view.result, message: view.message, cacheKey };
}

export function viewOfCached(result: StudyResult): StudyView {
  return { status: result.status, studies: result.studies, progress: null, result, cached: true, stale: false, startedAt: result.time };
}
