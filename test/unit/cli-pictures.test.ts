// The CLI leaves the picture of what the model learned in the run folder: boundary.png for a
// 2-D classifier, fit.png for a 1-input regression, confusion.png for a classifier. The PNG is decoded here and its pixels
// compared with the `end` event's own picture.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { before, describe, it } from 'node:test';
import { cellSize, DOT, FONT, matrixOrigin, shareColour } from '../../src/engine/pictures/confusionPng';
import { cellColour } from '../../src/engine/pictures/render';
import { decodeCell } from '../../src/engine/train/pictures';
import type { DataEvent, EndEvent } from '../../src/engine/train/events';

/** Decodes the PNGs our writer makes (8-bit RGB, filter 0 on every row). */
function readPng(file: string): { width: number; height: number; pixel: (x: number, y: number) => number[] } {
  const buf = readFileSync(file);
  assert.deepEqual([...buf.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);
  let at = 8, width = 0, height = 0;
  const idat: Buffer[] = [];
  while (at < buf.length) {
    const len = buf.readUInt32BE(at), type = buf.toString('ascii', at + 4, at + 8), data = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') { width = data.readUInt32BE(0); height = data.readUInt32BE(4); assert.deepEqual([...data.subarray(8, 13)], [8, 2, 0, 0, 0]); }
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3 + 1;
  return { width, height, pixel: (x, y) => { assert.equal(raw[y * stride], 0); return [...raw.subarray(y * stride + 1 + x * 3, y * stride + 4 + x * 3)]; } };
}

function trainSaved(example: string, epochs: number): { dir: string; data: DataEvent; end: EndEvent; stdout: string } {
  const out = mkdtempSync(path.join(tmpdir(), 'pictures-'));
  const r = spawnSync(process.execPath, ['bin/backprop.js', 'train', example, '--backend', 'cpu', '--epochs', String(epochs), '--out', out], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const dir = path.join(out, readdirSync(out)[0]);
  const events = readFileSync(path.join(dir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  return { dir, data: events.find((e) => e.type === 'data'), end: events.at(-1), stdout: r.stdout };
}

describe('pictures in the run folder (CLI)', () => {
  before(() => { execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }); });

  it('draws boundary.png with each cell in the colour of the class the model predicts there', () => {
    const { dir, data, end, stdout } = trainSaved('examples/moons.nn.yaml', 20);
    assert.match(stdout, /picture saved to .*boundary\.png/);
    const png = readPng(path.join(dir, 'boundary.png'));
    const { width: gw, height: gh } = data.grid!;
    assert.equal(png.width, gw * 4);
    const cells = Buffer.from(end.boundary!, 'base64');
    let same = 0, total = 0;
    for (let row = 1; row < gh; row += 7) {
      for (let col = 2; col < gw; col += 7) {
        const { cls, q } = decodeCell(cells[row * gw + col], data.classes);
        total++;
        if (png.pixel(col * 4 + 2, row * 4 + 2).every((v, k) => v === cellColour(cls, q)[k])) same++;
      }
    }
    // The rest lie under the data points drawn on top.
    assert.ok(same / total >= 0.8, `${same}/${total} cells in their class colour`);
    assert.ok(new Set([...cells].map((b) => decodeCell(b, data.classes).cls)).size === 2, 'both classes appear');
  });

  it('draws fit.png: the curve through the model outputs, training points filled', () => {
    const { dir, data, end } = trainSaved('examples/overfitting-5-points.nn.yaml', 300);
    const png = readPng(path.join(dir, 'fit.png'));
    assert.equal(end.fit!.length, data.curvePoints);
    // A training point's centre is its filled dot (blue), as drawn over the curve.
    const ys = [...end.fit!, ...data.train.y, ...data.validation!.y];
    let y0 = Math.min(...ys), y1 = Math.max(...ys);
    const pad = 0.1 * (y1 - y0);
    y0 -= pad; y1 += pad;
    const [x0, x1] = data.xRange;
    for (const [i, x] of data.train.x.entries()) {
      const px = Math.round(((x - x0) / (x1 - x0)) * (png.width - 1)), py = Math.round((1 - (data.train.y[i] - y0) / (y1 - y0)) * (png.height - 1));
      assert.deepEqual(png.pixel(px, py), [31, 119, 180], `training point ${i}`);
    }
    // The curve: the model's outputs, dark, wherever no point is drawn over it.
    let onCurve = 0;
    end.fit!.forEach((y, i) => {
      const px = Math.round((i / (end.fit!.length - 1)) * (png.width - 1)), py = Math.round((1 - (y - y0) / (y1 - y0)) * (png.height - 1));
      if (png.pixel(px, py).every((v) => v === 30)) onCurve++;
    });
    assert.ok(onCurve / end.fit!.length >= 0.8, `${onCurve}/${end.fit!.length} curve points drawn`);
  });

  it('draws confusion.png: validation and test side by side, each cell shaded by its share of the row, with its count', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'confusion-')), 'iris.nn.yaml');
    writeFileSync(file, `data: { source: iris, validation: 0.2, test: 0.2 }
model:
  - dense: 8
    activation: tanh
  - dense: 3
loss: cross_entropy
optimizer: { type: adam, learning_rate: 0.02 }
train: { epochs: 15 }
`);
    const { dir, end, stdout } = trainSaved(file, 15);
    assert.match(stdout, /picture saved to .*confusion\.png/);
    const png = readPng(path.join(dir, 'confusion.png'));
    const matrices = [end.confusion!.validation!, end.confusion!.test!];
    const size = cellSize(3);
    assert.equal(png.width, 2 * (3 * size + 48));
    matrices.forEach((m, index) => {
      const { left, top } = matrixOrigin(3, index);
      m.matrix.forEach((row, t) => row.forEach((v, p) => {
        const total = row.reduce((a, b) => a + b, 0);
        const x0 = left + p * size, y0 = top + t * size;
        // A corner of the cell: its colour says the share of the row.
        assert.deepEqual(png.pixel(x0 + 3, y0 + 3), shareColour(t === p, v / total), `matrix ${index}, cell ${t},${p}`);
        // The count: exactly the ink of its digits in the cell.
        let ink = 0;
        for (let y = y0 + 1; y < y0 + size; y++) for (let x = x0 + 1; x < x0 + size; x++) if (png.pixel(x, y).every((c) => c === 20)) ink++;
        const want = [...String(v)].reduce((s, d) => s + FONT[d]!.reduce((n, bits) => n + ((bits >> 2) & 1) + ((bits >> 1) & 1) + (bits & 1), 0), 0) * DOT * DOT;
        assert.equal(ink, want, `matrix ${index}, cell ${t},${p}: count ${v}`);
      }));
    });
  });

  it('writes no picture when nothing is saved (--no-save)', () => {
    const r = spawnSync(process.execPath, ['bin/backprop.js', 'train', 'examples/moons.nn.yaml', '--backend', 'cpu', '--epochs', '2', '--no-save'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /picture saved/);
  });
});
