// The quick fixes for what training found, as edits of the network file. Each returns a
// title and edits, or nothing when it does not apply to this file (no hidden layer to widen,
// relu already, …). Whoever offers them places the edits in the text (./edits) and offers
// only fixes whose result still parses.
import type { DiagnosticEvent, EndEvent } from '../train/events';
import type { DiagnosticCode } from './codes';
import type { FileEdit, NewLayer } from './edits';
import type { LayerSpec, NetworkSpec } from './spec';
import { itemIndex } from './textEdits';
import { DEFAULTS } from './vocab';

export interface Fix {
  title: string;
  edits: FileEdit[];
  preferred?: boolean;
}

export interface FixContext {
  spec: Pick<NetworkSpec, 'model' | 'optimizer' | 'train' | 'ranges'>;
  /** The diagnostic event the fix answers (its evidence and layer), when there is one. */
  event?: Pick<DiagnosticEvent, 'evidence' | 'layer' | 'path'>;
  end?: Pick<EndEvent, 'best_epoch'>;
}

type Maker = (c: FixContext) => Fix | undefined;

/** What each kind of fix is expected to change, said in its title (Try it measures it). */
const GAP = {
  keep: ' (expected: keeps the weights of the best validation epoch)',
  narrow: ' (expected: a narrower gap between training and validation)',
  fit: ' (expected: lower training error)',
  longer: ' (expected: lower training loss, which was still falling)',
} as const;

const fix = (title: string, edit: FileEdit, preferred = false): Fix => ({ title, edits: [edit], preferred });
const set = (path: string, value: string | number | boolean): FileEdit => ({ op: 'set', path, value });
const insertLayer = (index: number, layer: NewLayer): FileEdit => ({ op: 'insert_layer', index, layer });

type Dense = Extract<LayerSpec, { kind: 'dense' }>;
const denseLayers = (spec: FixContext['spec']): [number, Dense][] =>
  spec.model.flatMap((l, i): [number, Dense][] => (l.kind === 'dense' ? [[i, l]] : []));
/** Dense layers before the output layer (the last dense). */
const hiddenLayers = (spec: FixContext['spec']) => denseLayers(spec).slice(0, -1);
/** A dense layer may be written `linear: n`; its width is set where it is written. */
const unitsPath = (c: FixContext, i: number) => (c.spec.ranges[`model[${i}].linear`] ? `model[${i}].linear` : `model[${i}].dense`);

function widest(spec: FixContext['spec']): [number, Dense] | undefined {
  return hiddenLayers(spec).reduce<[number, Dense] | undefined>((w, l) => (!w || l[1].units > w[1].units ? l : w), undefined);
}

const bestEpoch: Maker = (c) => {
  const ev = c.event?.evidence.min_validation_epoch;
  const best = typeof ev === 'number' ? ev : c.end?.best_epoch;
  if (!best || best >= c.spec.train.epochs) return undefined;
  const ev2 = c.event?.evidence;
  const measured = typeof ev2?.min_validation_loss === 'number' && typeof ev2.validation_loss === 'number'
    ? `: validation loss ${fmt(ev2.min_validation_loss)} there vs ${fmt(ev2.validation_loss)}` : '';
  return fix(`Set epochs to ${best} (the best validation epoch${measured})`, set('train.epochs', best), true);
};

const earlyStopping: Maker = (c) => (c.spec.train.earlyStopping ? undefined : fix(`Enable early stopping${GAP.keep}`, set('train.early_stopping', true)));

const dropout: Maker = (c) => {
  const first = hiddenLayers(c.spec)[0];
  if (!first || c.spec.model[first[0] + 1]?.kind === 'dropout') return undefined;
  return fix(`Add dropout (0.2) after layer ${first[0] + 1}${GAP.narrow}`, insertLayer(first[0] + 1, { dropout: 0.2 }));
};

const weightDecay: Maker = (c) => {
  const current = c.spec.optimizer.weightDecay;
  const next = current >= 1e-4 ? current * 10 : 1e-4;
  return fix(`${current > 0 ? 'Raise' : 'Add'} weight decay (${next})${GAP.narrow}`, set('optimizer.weight_decay', next));
};

const addHidden: Maker = (c) => {
  const last = denseLayers(c.spec).at(-1);
  return last && fix(`Add a hidden layer (32 relu units)${GAP.fit}`, insertLayer(last[0], { dense: 32, activation: 'relu' }), true);
};

const widen: Maker = (c) => {
  const w = widest(c.spec);
  return w && fix(`Widen layer ${w[0] + 1} to ${w[1].units * 2} units${GAP.fit}`, set(unitsPath(c, w[0]), w[1].units * 2));
};

const trainLonger: Maker = (c) => fix(`Train longer (${c.spec.train.epochs * 2} epochs)${GAP.longer}`, set('train.epochs', c.spec.train.epochs * 2));

/** The layer a gradient finding is about, as an index into `model`. */
function layerOf(c: FixContext): number | undefined {
  if (c.event?.layer !== undefined) return c.event.layer;
  return c.event?.path ? itemIndex(c.event.path) : undefined;
}

function switchActivation(to: 'relu' | 'leaky_relu'): Maker {
  return (c) => {
    const i = layerOf(c);
    const layer = i === undefined ? undefined : c.spec.model[i];
    if (i === undefined || layer?.kind !== 'dense' || layer.activation === to) return undefined;
    // The output layer's activation belongs to the loss; only hidden layers switch.
    if (denseLayers(c.spec).at(-1)?.[0] === i) return undefined;
    return fix(`Switch layer ${i + 1} to ${to}`, set(`model[${i}].activation`, to), true);
  };
}

const lowerLearningRate: Maker = (c) => {
  const lr = c.spec.optimizer.learningRate || DEFAULTS.learningRate[c.spec.optimizer.type];
  const next = lr / 10;
  return fix(`Lower the learning rate to ${Number(next.toPrecision(6))}`, set('optimizer.learning_rate', next));
};

const shrink: Maker = (c) => {
  const w = widest(c.spec);
  if (!w || w[1].units < 2) return undefined;
  return fix(`Shrink layer ${w[0] + 1} to ${Math.floor(w[1].units / 2)} units`, set(unitsPath(c, w[0]), Math.floor(w[1].units / 2)), true);
};

/** Fixes by diagnostic code, best first. */
export const FIXES: Partial<Record<DiagnosticCode, Maker[]>> = {
  overfitting: [bestEpoch, earlyStopping, dropout, weightDecay],
  underfitting: [addHidden, widen, trainLonger],
  vanishing_gradients: [switchActivation('relu'), lowerLearningRate],
  exploding_gradients: [lowerLearningRate, switchActivation('relu')],
  dead_units: [switchActivation('leaky_relu'), lowerLearningRate],
  non_finite: [lowerLearningRate],
  too_many_parameters: [shrink],
};

export function fixesFor(code: DiagnosticCode, c: FixContext): Fix[] {
  const ev = c.event?.evidence;
  // Overfitting that early stopping prevented (info) needs no fix.
  if (code === 'overfitting' && ev?.prevented) return [];
  // Bias or label noise: an edit would be a guess; Diagnose (a command, not an edit) tells them apart.
  if (code === 'underfitting' && ev?.uncertain) return [];
  // The parameter caution that validation did not confirm asks for nothing.
  if (code === 'too_many_parameters' && ev?.after_run && ev.confirmed !== true) return [];
  // A training loss still falling: training longer is the measured-from-the-curve fix.
  const makers = code === 'underfitting' && ev?.still_falling ? [trainLonger, addHidden, widen] : FIXES[code] ?? [];
  return makers.map((m) => m(c)).filter((f): f is Fix => !!f);
}

/** Numbers in a fix's title: three significant digits. */
const fmt = (x: number) => String(Number(x.toPrecision(3)));
