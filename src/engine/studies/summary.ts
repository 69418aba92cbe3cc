// The overall reading of the studies: which error dominates, what to try, and the one quick
// fix to offer. The learning curve's verdict leads (it has thresholds against the do-nothing
// baseline); the bootstrap decomposition decides when there is no learning curve.
import { RULES } from '../train/verdict';
import { fmtError } from './stats';
import { SWEEP_KINDS } from './types';
import type { BootstrapStudy, ErrorMetric, LearningCurveStudy, LearningVerdict, QuickFix, Study, StudySummary, SweepStudy } from './types';

export function summarise(studies: Study[], metric: ErrorMetric, baseline: number): StudySummary {
  const lc = studies.find((s): s is LearningCurveStudy => s.kind === 'learning_curve');
  const boot = studies.find((s): s is BootstrapStudy => s.kind === 'bootstrap' && s.usable >= 2);
  const sweeps = studies.filter((s): s is SweepStudy => (SWEEP_KINDS as readonly string[]).includes(s.kind));

  let dominant: LearningVerdict = 'neither';
  const lines: string[] = [];
  const e = (x: number | null | undefined) => fmtError(x, metric);
  if (lc) {
    dominant = lc.verdict;
    const ev = lc.evidence;
    if (ev.samples !== undefined) lines.push(`Learning curve: with ${ev.samples} training samples, training ${e(ev.train_error)} and validation ${e(ev.validation_error)} (a gap of ${e(ev.gap)}).`);
  } else if (boot) {
    // Without a learning curve: the larger part, unless the whole error is small.
    const small = metric === 'error' ? boot.total < RULES.highErrorMin / 2 : boot.total < RULES.minErrorGap * baseline;
    dominant = small ? 'neither' : boot.dominant;
  }
  if (boot) {
    const b = (x: number) => fmtError(x, boot.loss === 'zero_one' ? 'error' : 'mse');
    lines.push(`Bootstrap: expected error ${b(boot.total)} = bias${boot.loss === 'squared' ? '²' : ''} ${b(boot.bias)} + variance ${b(boot.variance)} + noise ${b(boot.noise)}.`);
    // On the 0-1 loss bias also holds label noise and the vote hides variance: a bias reading
    // there does not contradict a variance verdict of the learning curve.
    const comparable = boot.loss === 'squared' || boot.dominant === 'variance';
    if (lc && lc.verdict !== 'neither' && boot.dominant !== lc.verdict && comparable) {
      lines.push(`The decomposition puts more of the error in ${boot.dominant}: the two readings disagree, so take this one with care.`);
    } else if (lc?.verdict === 'variance' && boot.loss === 'zero_one' && boot.dominant === 'bias') {
      lines.push(`(On the 0-1 loss, label noise counts as bias and the models' vote hides their variance; they disagree with it on ${b(boot.details.variance_domingos)} of the validation points.)`);
    }
  }

  const fix = pickFix(sweeps, dominant);
  const advice = adviceFor(dominant, lc, sweeps);
  // Bias that no bigger model reduced reads as noise, as the training verdict says "bias or noise".
  const biasUnconfirmed = dominant === 'bias' && sizeSwept(sweeps) && !sweeps.some((s) => (s.kind === 'model_size' || s.kind === 'depth') && direction(s) > 0 && s.quickFix);
  const head = biasUnconfirmed ? 'The error is high on training data too, but no bigger model reduced it: label noise (or missing features) is more likely than bias.'
    : dominant === 'bias' ? 'Bias dominates the error (underfitting).' : dominant === 'variance' ? 'Variance dominates the error (overfitting).' : 'Neither bias nor variance dominates.';
  return { dominant, message: [head, ...lines].join(' '), advice, quickFix: fix };
}

/** +1 when a sweep's best setting is larger than the file's (wider, deeper, more decay), −1 when smaller. */
function direction(s: SweepStudy): number {
  const own = s.points.find((p) => p.current);
  if (s.best === null || !own) return 0;
  return Math.sign(s.points[s.best].x - own.x);
}

/** The fix that fits the dominant error (bias: bigger model or less decay; variance: more decay
 *  or a smaller model) with the largest measured gain; otherwise the largest gain of any. */
function pickFix(sweeps: SweepStudy[], dominant: LearningVerdict): QuickFix | null {
  const fixes = sweeps.filter((s) => s.quickFix).map((s) => {
    const d = direction(s);
    // A bigger model (wider, deeper) and less weight decay both add capacity.
    const capacity = s.kind === 'weight_decay' ? -d : d;
    const fits = dominant === 'bias' ? capacity > 0 : dominant === 'variance' ? capacity < 0 : true;
    return { fix: s.quickFix!, fits, gain: s.quickFix!.from - s.quickFix!.to };
  });
  fixes.sort((a, b) => Number(b.fits) - Number(a.fits) || b.gain - a.gain);
  return fixes[0]?.fix ?? null;
}

function adviceFor(dominant: LearningVerdict, lc: LearningCurveStudy | undefined, sweeps: SweepStudy[]): string[] {
  // A sweep's best setting, when it has a fix and (for the advice given) moves in `way`.
  const best = (kind: string, way = 0) => {
    const s = sweeps.find((x) => x.kind === kind);
    return s && s.best !== null && s.quickFix && (way === 0 || direction(s) === way) ? s.points[s.best].label : null;
  };
  const out: string[] = [];
  if (dominant === 'bias') {
    const size = sizeBest((kind) => best(kind, 1));
    // A size sweep ran and no bigger model validated better: the error is not the model's size.
    const sizeTried = sizeSwept(sweeps);
    if (size) out.push(`Use a bigger model: ${size} had the lowest validation error.`);
    else if (sizeTried) out.push('A bigger model did not validate better (the size sweeps found no larger size that helps): the remaining error is more likely noise in the labels or missing features than too small a model.');
    else out.push('Use a bigger model: wider or more hidden layers, with a non-linear activation.');
    out.push('Train longer or raise the learning rate if the training error is still falling.');
    const less = best('weight_decay', -1);
    if (less) out.push(`Weight decay ${less} did best: less regularisation lets the model fit more.`);
    out.push('More data will not help while the training error itself is high.');
  } else if (dominant === 'variance') {
    const narrows = (lc?.evidence.narrowing ?? 0) > 0;
    out.push(narrows ? 'Get more training data: the gap between training and validation error narrows as data grows.' : 'More data may help, but the gap narrows little with it; regularise too.');
    const wd = best('weight_decay', 1);
    out.push(wd ? `Regularise: weight decay ${wd} had the lowest validation error.` : 'Regularise: weight decay, dropout, or early stopping.');
    const size = sizeBest(best);
    if (size) out.push(`Or change the model size: ${size} had the lowest validation error.`);
  } else {
    out.push('Nothing pressing: the model neither underfits nor overfits clearly.');
    const any = sweeps.find((s) => s.quickFix);
    if (any) out.push(`${any.quickFix!.title} measured a little better on validation.`);
  }
  return out;
}

/** "×2 (32) in the width sweep and 3 layers (32-32-32) in the depth sweep", or null. */
function sizeBest(best: (kind: string) => string | null): string | null {
  const w = best('model_size'), d = best('depth');
  if (w && d) return `${w} in the width sweep and ${d} in the depth sweep`;
  return w ?? d;
}

/** Whether a width or depth sweep ran and found a best setting. */
function sizeSwept(sweeps: SweepStudy[]): boolean {
  return sweeps.some((s) => (s.kind === 'model_size' || s.kind === 'depth') && s.best !== null);
}
