// The run's pictures as PNG files for people who train from a terminal: the decision boundary
// (cells coloured by the predicted class, paler where the model is unsure; training points
// filled, validation points hollow) or the fitted curve over the points. Drawn from the
// `data` event and the `end` event's picture, the same numbers the panel draws.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeCell } from '../train/pictures';
import type { DataEvent, DataPoints, EndEvent } from '../train/events';
import { confusionMatrices, renderConfusion } from './confusionPng';
import { encodePng, type Image } from './png';

/** Class colours (the panel's order), and the two series colours of the fitted curve. */
export const CLASS_RGB: [number, number, number][] = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];
const TRAIN_RGB: [number, number, number] = [31, 119, 180];
const VALIDATION_RGB: [number, number, number] = [255, 127, 14];
const CURVE_RGB: [number, number, number] = [30, 30, 30];

/** A cell's colour: the class colour blended with white, stronger the surer the model is. */
export function cellColour(cls: number, q: number): [number, number, number] {
  const c = CLASS_RGB[cls % CLASS_RGB.length];
  const a = 0.25 + 0.5 * q;
  return [0, 1, 2].map((k) => Math.round(255 * (1 - a) + c[k] * a)) as [number, number, number];
}

function canvas(width: number, height: number): Image {
  return { width, height, rgb: new Uint8Array(width * height * 3).fill(255) };
}

function set(img: Image, x: number, y: number, c: readonly number[]): void {
  const px = Math.round(x), py = Math.round(y);
  if (px < 0 || py < 0 || px >= img.width || py >= img.height) return;
  img.rgb.set(c, (py * img.width + px) * 3);
}

/** A filled disc, or a ring when `hollow`. */
function dot(img: Image, x: number, y: number, c: readonly number[], hollow: boolean): void {
  for (let dy = -4; dy <= 4; dy++) {
    for (let dx = -4; dx <= 4; dx++) {
      const r = Math.hypot(dx, dy);
      if (hollow ? r >= 2.2 && r <= 3.6 : r <= 3.2) set(img, x + dx, y + dy, c);
    }
  }
}

const darker = (c: readonly number[]) => c.map((v) => Math.round(v * 0.6));

export function renderBoundary(data: DataEvent, cells: string, scale = 4): Image {
  const { width: gw, height: gh } = data.grid!;
  const img = canvas(gw * scale, gh * scale);
  const bytes = Buffer.from(cells, 'base64');
  for (let row = 0; row < gh; row++) {
    for (let col = 0; col < gw; col++) {
      const { cls, q } = decodeCell(bytes[row * gw + col], data.classes);
      const c = cellColour(cls, q);
      for (let y = 0; y < scale; y++) for (let x = 0; x < scale; x++) set(img, col * scale + x, row * scale + y, c);
    }
  }
  const [x0, x1] = data.xRange, [y0, y1] = data.yRange!;
  const plot = (pts: DataPoints | null, hollow: boolean) => {
    if (!pts) return;
    pts.x.forEach((x, i) => {
      const px = ((x - x0) / (x1 - x0)) * img.width, py = (1 - (pts.y[i] - y0) / (y1 - y0)) * img.height;
      dot(img, px, py, darker(CLASS_RGB[(pts.label?.[i] ?? 0) % CLASS_RGB.length]), hollow);
    });
  };
  plot(data.train, false);
  plot(data.validation, true);
  return img;
}

export function renderFit(data: DataEvent, fit: number[], width = 480, height = 320): Image {
  const img = canvas(width, height);
  const [x0, x1] = data.xRange;
  const xs = fit.map((_, i) => x0 + ((x1 - x0) * i) / Math.max(1, fit.length - 1));
  const ys = [...fit, ...data.train.y, ...(data.validation?.y ?? [])].filter(Number.isFinite);
  let y0 = Math.min(...ys), y1 = Math.max(...ys);
  const pad = 0.1 * (y1 - y0 || 1);
  y0 -= pad; y1 += pad;
  const at = (x: number, y: number): [number, number] => [((x - x0) / (x1 - x0)) * (width - 1), (1 - (y - y0) / (y1 - y0)) * (height - 1)];
  for (let i = 1; i < fit.length; i++) {
    const [ax, ay] = at(xs[i - 1], fit[i - 1]), [bx, by] = at(xs[i], fit[i]);
    const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay)));
    for (let s = 0; s <= steps; s++) {
      const x = ax + ((bx - ax) * s) / steps, y = ay + ((by - ay) * s) / steps;
      set(img, x, y, CURVE_RGB); set(img, x, y + 1, CURVE_RGB);
    }
  }
  data.train.x.forEach((x, i) => dot(img, ...at(x, data.train.y[i]), TRAIN_RGB, false));
  data.validation?.x.forEach((x, i) => dot(img, ...at(x, data.validation!.y[i]), VALIDATION_RGB, true));
  return img;
}

/** Writes boundary.png or fit.png, and confusion.png for a classifier, for the weights the run ended with; the files written. */
export function writePictures(dir: string, data: DataEvent | undefined, end: EndEvent): string[] {
  const written: string[] = [];
  const { matrices, titles } = confusionMatrices(end);
  if (matrices.length) {
    const file = path.join(dir, 'confusion.png');
    writeFileSync(file, encodePng(renderConfusion(matrices, titles)));
    written.push(file);
  }
  return [...drawnPictures(dir, data, end), ...written];
}

function drawnPictures(dir: string, data: DataEvent | undefined, end: EndEvent): string[] {
  if (!data) return [];
  if (data.picture === 'boundary' && end.boundary && data.grid && data.yRange) {
    const file = path.join(dir, 'boundary.png');
    writeFileSync(file, encodePng(renderBoundary(data, end.boundary)));
    return [file];
  }
  if (data.picture === 'fit' && end.fit) {
    const file = path.join(dir, 'fit.png');
    writeFileSync(file, encodePng(renderFit(data, end.fit)));
    return [file];
  }
  return [];
}
