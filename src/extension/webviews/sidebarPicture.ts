// The side view's picture: the newest decision boundary or fitted curve a run's events carry,
// as one message (the points and the one grid or curve; the pair choices stay in the panel).
import type { DataEvent, TrainEvent } from '../../engine/train/events';
import type { SidebarMessage } from '../../shared/protocol';

export type SidebarPicture = Extract<SidebarMessage, { type: 'picture' }>;

/** The latest picture in `events`, or null when the run has none (yet). */
export function latestPicture(runId: string, events: readonly TrainEvent[]): SidebarPicture | null {
  let data: DataEvent | undefined;
  let latest: SidebarPicture | null = null;
  for (const e of events) {
    if (e.type === 'data') data = e;
    else if ((e.type === 'epoch' || e.type === 'end') && data && (e.boundary || e.fit)) {
      latest = pictureOf(runId, data, e.type === 'end' ? 'end' : `epoch ${e.epoch}`, e.boundary, e.fit);
    }
  }
  return latest;
}

export function pictureOf(runId: string, data: DataEvent, frame: string, boundary?: string, fit?: number[]): SidebarPicture {
  const { choices: _choices, ...drawn } = data;
  const m: SidebarPicture = { type: 'picture', runId, frame, data: drawn };
  if (boundary) m.boundary = boundary;
  if (fit) m.fit = fit;
  return m;
}
