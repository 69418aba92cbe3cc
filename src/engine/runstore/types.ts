// What the run store says about one run, as a type only: the engine's reader makes it, the
// extension lists it, and the side view shows it (so this file must not import Node).
import type { EndEvent } from '../train/events';

export interface RunSummary {
  /** The run's folder name, unique in the store. */
  id: string;
  /** The run's folder. */
  dir: string;
  /** The network file it trained. */
  file: string;
  name: string;
  startedAt: string;
  /** How it ended; `interrupted`: no end event (killed worker, crash); `running`: still written. */
  status: EndEvent['status'] | 'interrupted' | 'running';
  verdict: EndEvent['verdict'];
  epochs: number;
  bestValidationAccuracy: number | null;
  bestValidationLoss: number | null;
  backend: string;
}
