// Early stopping on a monitored quantity, remembering the best epoch.
import type { EarlyStoppingSpec } from '../netfile/spec';
import type { EpochRecord } from './verdict';

export class BestTracker {
  bestEpoch = 0;
  best = Infinity;
  private wait = 0;
  readonly maximize: boolean;

  constructor(readonly spec: EarlyStoppingSpec | null, private hasValidation: boolean) {
    this.maximize = spec?.monitor === 'val_accuracy';
    if (this.maximize) this.best = -Infinity;
  }

  /** The monitored value of an epoch (validation loss unless told otherwise). */
  value(r: EpochRecord): number {
    const monitor = this.spec?.monitor ?? 'val_loss';
    if (monitor === 'val_accuracy' && r.validation?.accuracy !== undefined) return r.validation.accuracy;
    if (monitor === 'loss' || !this.hasValidation || !r.validation) return r.train.loss;
    return r.validation.loss;
  }

  /** Record an epoch; returns whether it is the new best. */
  observe(r: EpochRecord): boolean {
    const v = this.value(r);
    const delta = this.spec?.minDelta ?? 0;
    const better = this.maximize ? v > this.best + delta : v < this.best - delta;
    if (better || this.bestEpoch === 0) {
      this.best = v;
      this.bestEpoch = r.epoch;
      this.wait = 0;
      return true;
    }
    this.wait++;
    return false;
  }

  /** Whether early stopping says to stop now. */
  get shouldStop(): boolean {
    return this.spec !== null && this.wait >= this.spec.patience;
  }
}
