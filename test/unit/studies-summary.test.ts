// The diagnose summary agrees with the training verdict's "bias or noise": high error that no
// bigger model reduced is read as noise, and "use a bigger model" is said only when one helped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summarise } from '../../src/engine/studies/summary';
import type { LearningCurveStudy, SweepStudy } from '../../src/engine/studies/types';

const spread = (mean: number) => ({ mean, min: mean, max: mean, std: 0, n: 3 }) as unknown as NonNullable<SweepStudy['points'][number]['train']>;
const point = (x: number, val: number, current: boolean) => ({ x, label: `×${x}`, train: spread(val - 0.01), validation: spread(val), failed: 0, current });

/** A learning curve whose training error stays at 21 % (bias by its rule). */
const biasCurve: LearningCurveStudy = {
  kind: 'learning_curve', metric: 'error', verdict: 'bias', evidence: { samples: 200, train_error: 0.21, validation_error: 0.22, gap: 0.01 }, summary: '', seconds: 1,
  points: [{ ...point(200, 0.22, true), fraction: 1, samples: 200 }],
};

function widthSweep(bestX: number): SweepStudy {
  const xs = [0.25, 1, 4];
  const points = xs.map((x) => point(x, x === bestX ? 0.18 : 0.22, x === 1));
  const best = xs.indexOf(bestX);
  return {
    kind: 'model_size', metric: 'error', points, best, summary: '', seconds: 1,
    quickFix: bestX === 1 ? null : { title: `Use ×${bestX}`, edits: [], from: 0.22, to: 0.18 },
  };
}

describe('the diagnose summary and the verdict', () => {
  it('reads high error that no bigger model reduced as label noise, not "use a bigger model"', () => {
    const s = summarise([biasCurve, widthSweep(1)], 'error', 0.5);
    assert.match(s.message, /no bigger model reduced it: label noise/);
    assert.ok(!s.advice.some((a) => /^Use a bigger model/.test(a)), s.advice.join(' | '));
    assert.match(s.advice[0]!, /did not validate better/);
  });

  it('says "use a bigger model" with the size that measured better when one did', () => {
    const s = summarise([biasCurve, widthSweep(4)], 'error', 0.5);
    assert.match(s.message, /^Bias dominates the error/);
    assert.match(s.advice[0]!, /^Use a bigger model: ×4 had the lowest validation error/);
  });
});
