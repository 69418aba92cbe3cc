// "Did you mean" suggestions for misspelt keys and names.

import { LIMITS } from './limits';

/**
 * Optimal-string-alignment distance: Levenshtein plus swaps of neighbours ("rleu" → "relu" is 1).
 * With `max`, gives up as soon as the distance must exceed it and returns max + 1: three rows
 * of memory and at most a.length × b.length steps, so a long word costs nothing.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, before[j - 2]! + 1);
      current[j] = best;
      rowMin = Math.min(rowMin, best);
    }
    // Every later row is at least this row's minimum.
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, max + 1);
}

/** Common spellings that are too far from the real name for the edit distance to find. */
const ALIASES: Record<string, string> = {
  lr: 'learning_rate',
  learningrate: 'learning_rate',
  batchsize: 'batch_size',
  batch: 'batch_size',
  epoch: 'epochs',
  units: 'dense',
  layers: 'model',
  cross_entropy_loss: 'cross_entropy',
  categorical_crossentropy: 'cross_entropy',
  crossentropy: 'cross_entropy',
  binary_crossentropy: 'binary_cross_entropy',
  bce: 'binary_cross_entropy',
  ce: 'cross_entropy',
  mean_squared_error: 'mse',
  mean_absolute_error: 'mae',
  l2: 'weight_decay',
  leakyrelu: 'leaky_relu',
  identity: 'linear',
  none: 'linear',
  fully_connected: 'dense',
  fc: 'dense',
  early_stop: 'early_stopping',
  earlystopping: 'early_stopping',
  val: 'validation',
  val_split: 'validation',
  validation_split: 'validation',
};

/**
 * The candidate closest to `word`, ignoring case, or undefined when none is close enough
 * to be a plausible typo. Ties go to the earlier candidate.
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  // A long word is no typo of a short name, and comparing it would cost its length each time.
  if (word.length > LIMITS.suggestionWord) return undefined;
  const w = word.toLowerCase().replace(/-/g, '_');
  if (w.length === 0 || candidates.length === 0) return undefined;
  const alias = ALIASES[w.replace(/[\s_]/g, '')] ?? ALIASES[w];
  if (alias !== undefined && candidates.includes(alias)) return alias;
  // Short words allow fewer edits: "mse" must not suggest "mae" for "xyz".
  const limit = w.length <= 3 ? 1 : w.length <= 6 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const distance = editDistance(w, c.toLowerCase(), limit);
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  if (best !== undefined && bestDistance <= limit && bestDistance < Math.max(w.length, best.length)) return best;
  // A truncated name ("early", "learning") is a prefix of the one meant.
  if (w.length >= 4) {
    const prefixed = candidates.find((c) => c.toLowerCase().startsWith(w));
    if (prefixed !== undefined) return prefixed;
  }
  return undefined;
}

/** " — did you mean `word`?" for a message, or nothing without a guess. */
export function didYouMeanHint(guess: string | undefined): string {
  return guess !== undefined ? ` — did you mean \`${guess}\`?` : '';
}
