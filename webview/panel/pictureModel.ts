// What the picture section shows, DOM-free: the pictures a run carries (epochs on the
// histogram schedule, and the weights it ends with), the decoding of a boundary grid
// (docs/events.md), cell colours and axis ticks.
import type { DataEvent, EndEvent } from '../../src/engine/train/events';
import type { RunState } from './runState';

export interface PictureFrame {
  /** Slider label: "epoch 12" or "end". */
  label: string;
  epoch: number;
  boundary?: string;
  fit?: number[];
}

/** Every frame with a picture, in order; the end's (the final weights) last. */
export function pictureFrames(state: RunState): PictureFrame[] {
  const frames: PictureFrame[] = [];
  for (const e of state.epochs) {
    if (e.boundary || e.fit) frames.push({ label: `epoch ${e.epoch}`, epoch: e.epoch, boundary: e.boundary, fit: e.fit });
  }
  const end = state.end;
  if (end && (end.boundary || end.fit)) frames.push({ ...endFrame(end), boundary: end.boundary, fit: end.fit });
  return frames;
}

/** The end's frame: its label and the epoch whose weights the run ends with. */
export function endFrame(end: EndEvent): { label: string; epoch: number } {
  const restored = end.best_epoch !== end.epochs && end.best_epoch > 0 && end.status === 'early_stopped';
  return { label: restored ? `end (weights of epoch ${end.best_epoch})` : `end (epoch ${end.epochs})`, epoch: restored ? end.best_epoch : end.epochs };
}

export function decodeBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The class of a cell and its confidence rescaled to [0, 1] (0: a tie, 1: certain). */
export function decodeCell(byte: number, classes: number): { cls: number; q: number } {
  const levels = Math.floor(256 / classes);
  return { cls: Math.floor(byte / levels), q: (byte % levels) / (levels - 1) };
}

export type Rgb = [number, number, number];

/** "#rrggbb" or "rgb(r, g, b)" → [r, g, b]. */
export function parseColor(color: string): Rgb {
  const hex = /^#([0-9a-f]{6})/i.exec(color);
  if (hex) { const v = parseInt(hex[1]!, 16); return [v >> 16, (v >> 8) & 255, v & 255]; }
  const rgb = /rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/.exec(color);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : [128, 128, 128];
}

/** A cell's colour: the class colour over the background, stronger where the model is surer. */
export function cellColor(cls: Rgb, background: Rgb, q: number): Rgb {
  const a = 0.12 + 0.5 * q;
  return [0, 1, 2].map((k) => Math.round(background[k]! * (1 - a) + cls[k]! * a)) as Rgb;
}

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * span; v += step) out.push(Number(v.toPrecision(10)));
  return out;
}

/** Names for the legend: the data's class names, else "class 0", "class 1", … */
export function classNames(d: DataEvent): string[] {
  return Array.from({ length: d.classes }, (_, k) => d.classNames?.[k] ?? `class ${k}`);
}
