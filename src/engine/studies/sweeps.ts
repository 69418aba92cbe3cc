// The model-size curve (hidden widths scaled, or a hidden layer added to a model without one),
// the depth sweep (hidden layers added or removed) and the weight-decay sweep: train/validation
// error per setting, the setting with the lowest validation error, and the file edit that
// applies it when it clearly beats the file's own.
import type { NetworkSpec } from '../netfile/spec';
import type { StudyContext } from './context';
import type { TrainingJob } from './runner';
import { curvePoint, fmtError, standardError, studySeed } from './stats';
import type { CurvePoint, FileEdit, QuickFix, SweepKind, SweepStudy } from './types';
import { ADDED_ACTIVATION, ADDED_BASE_WIDTH, addHiddenLayer, changeDepth, hiddenLayers, scaleWidths, withTraining, withWeightDecay } from './variants';

interface Setting { x: number; label: string; current: boolean; spec: NetworkSpec; widths?: number[]; edits: FileEdit[] }

function sizeSettings(ctx: StudyContext): Setting[] {
  const hidden = hiddenLayers(ctx.spec);
  if (hidden.length) {
    return ctx.options.widthFactors.map((f) => {
      const { spec, widths } = scaleWidths(ctx.spec, f);
      const edits: FileEdit[] = hidden.flatMap((i, k) => {
        const layer = ctx.spec.model[i];
        return layer.kind === 'dense' && layer.units !== widths[k] ? [{ op: 'set' as const, path: `${layer.path}.dense`, value: widths[k] }] : [];
      });
      return { x: f, label: `×${f} (${widths.join('-')})`, current: f === 1, spec, widths, edits };
    });
  }
  // No hidden layer: the file's model first (x = 0), then one hidden layer of each width.
  const own: Setting = { x: 0, label: 'as in the file (no hidden layer)', current: true, spec: ctx.spec, widths: [], edits: [] };
  return [own, ...ctx.options.widthFactors.map((f) => {
    const width = Math.max(1, Math.round(ADDED_BASE_WIDTH * f));
    const { spec, index } = addHiddenLayer(ctx.spec, width);
    return { x: width, label: `+ hidden ${width} ${ADDED_ACTIVATION}`, current: false, spec, widths: [width], edits: [{ op: 'insert_layer' as const, index, layer: { dense: width, activation: ADDED_ACTIVATION } }] };
  })];
}

/** The file's own depth and each change of it that leaves at least no hidden layer. */
function depthSettings(ctx: StudyContext): Setting[] {
  const changes = [...new Set([0, ...ctx.options.depthChanges])].sort((a, b) => a - b);
  return changes.flatMap((change) => {
    const v = changeDepth(ctx.spec, change);
    if (!v) return [];
    const n = v.widths.length;
    const label = n === 0 ? 'no hidden layer' : `${n} ${n === 1 ? 'layer' : 'layers'} (${v.widths.join('-')})`;
    return [{ x: n, label, current: change === 0, spec: v.spec, widths: v.widths, edits: v.edits }];
  });
}

function decaySettings(ctx: StudyContext): Setting[] {
  const own = ctx.spec.optimizer.weightDecay;
  const values = [...new Set([...ctx.options.weightDecays, own])].sort((a, b) => a - b);
  return values.map((wd) => ({
    x: wd, label: wd === 0 ? '0' : wd.toExponential(0), current: wd === own, spec: withWeightDecay(ctx.spec, wd),
    edits: [{ op: 'set' as const, path: 'optimizer.weight_decay', value: wd }],
  }));
}

const SETTINGS: Record<SweepKind, (ctx: StudyContext) => Setting[]> = { model_size: sizeSettings, depth: depthSettings, weight_decay: decaySettings };
/** What a setting of each sweep is called in progress messages and summaries. */
const SETTING_NAME: Record<SweepKind, string> = { model_size: 'width', depth: 'depth', weight_decay: 'weight decay' };
const SWEEP_NAME: Record<SweepKind, string> = { model_size: 'model size', depth: 'depth', weight_decay: 'weight decay' };

export function planSweep(kind: SweepKind, ctx: StudyContext): number {
  return SETTINGS[kind](ctx).length * ctx.options.seeds;
}

export async function sweep(kind: SweepKind, ctx: StudyContext): Promise<SweepStudy> {
  const t0 = performance.now();
  const settings = SETTINGS[kind](ctx);
  const seeds = ctx.options.seeds;
  const total = settings.length * seeds;
  const points: SweepStudy['points'] = [];
  let step = 0;
  // The weight decays differ only in a value the stacked optimizer step takes per model, so
  // every setting × seed is one group; other widths and depths are other shapes, one group per setting.
  const batches = kind === 'weight_decay' ? [settings] : settings.map((st) => [st]);
  // "width ×2 (32)", "weight decay 1e-3"; a depth's label says what it is ("2 layers (16-16)").
  const what = (st: Setting) => (kind === 'depth' ? st.label : `${SETTING_NAME[kind]} ${st.label}`);
  for (const batch of batches) {
    const jobs: TrainingJob[] = batch.flatMap((st) => Array.from({ length: seeds }, (_, s) => ({
      spec: withTraining(st.spec, ctx.options.epochs, studySeed(ctx.seed, s)), rows: null,
      message: `${what(st)}, seed ${s + 1}/${seeds}`,
    })));
    const group = batch.length === 1 ? what(batch[0]) : `${SETTING_NAME[kind]} sweep`;
    const runs = await ctx.runner.runMany(kind, { first: step, total, group }, jobs);
    step += jobs.length;
    batch.forEach((st, i) => {
      points.push({ ...curvePoint(st.x, st.label, runs.slice(i * seeds, (i + 1) * seeds)), current: st.current, ...(st.widths ? { widths: st.widths } : {}) });
    });
  }
  const best = argminValidation(points);
  const own = points.findIndex((p) => p.current);
  const quickFix = best !== null ? fixFor(kind, points, settings, best, own) : null;
  return { kind, metric: ctx.metric, points, best, quickFix, summary: describe(kind, points, best, own, quickFix, ctx.metric), seconds: (performance.now() - t0) / 1000 };
}

export function argminValidation(points: CurvePoint[]): number | null {
  let best: number | null = null;
  points.forEach((p, i) => {
    if (p.validation && (best === null || p.validation.mean < points[best].validation!.mean)) best = i;
  });
  return best;
}

/** The edit to the best setting, when its validation error beats the file's by more than the
 *  seed-to-seed noise (two standard errors of the difference) and by at least 1 % of it. */
function fixFor(kind: SweepKind, points: CurvePoint[], settings: Setting[], best: number, own: number): QuickFix | null {
  const b = points[best].validation!, c = own >= 0 ? points[own].validation : null;
  if (best === own || !c) return null;
  const gain = c.mean - b.mean;
  if (gain <= 2 * Math.hypot(standardError(b), standardError(c)) || gain < 0.01 * c.mean) return null;
  return { title: fixTitle(kind, settings[best], settings[own]), edits: settings[best].edits, from: c.mean, to: b.mean };
}

export function fixTitle(kind: SweepKind, st: Pick<Setting, 'label' | 'widths' | 'edits'>, own: Pick<Setting, 'widths'>): string {
  if (kind === 'weight_decay') return `Set weight_decay to ${st.label}`;
  const first = st.edits[0];
  if (first?.op === 'remove_layer') {
    // A layer may take several items (dense, activation, dropout): count layers, not edits.
    const n = own.widths!.length - st.widths!.length;
    return n === 1 ? 'Remove the last hidden layer' : `Remove the last ${n} hidden layers`;
  }
  if (first?.op === 'insert_layer' && 'dense' in first.layer) {
    const n = first.count ?? 1;
    return n === 1 ? `Add a hidden layer of ${first.layer.dense} units` : `Add ${n} hidden layers of ${first.layer.dense} units`;
  }
  return `Set the hidden widths to ${st.widths!.join(', ')}`;
}

function describe(kind: SweepKind, points: CurvePoint[], best: number | null, own: number, fix: QuickFix | null, metric: SweepStudy['metric']): string {
  const what = SWEEP_NAME[kind];
  if (best === null) return `Every training of the ${what} sweep failed.`;
  const e = (x: number) => fmtError(x, metric);
  const at = `Validation ${metric === 'error' ? 'error' : 'loss'} is lowest at ${points[best].label} (${e(points[best].validation!.mean)})`;
  if (best === own) return `${at}: the file's own ${what} is the best one tried.`;
  const mine = own >= 0 && points[own].validation ? `, against ${e(points[own].validation!.mean)} for the file's ${what}` : '';
  return `${at}${mine}${fix ? '' : ', a difference within the seed-to-seed noise'}.`;
}
