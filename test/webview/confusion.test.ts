// The confusion matrix in the real panel: a click on a cell lists its samples (read back and
// compared with the run's events), the matrix follows the epoch shown, MNIST's gallery shows
// the most confident mistakes with their labels, and a picked pair of features is drawn with
// the colours of the model's predictions at the sample points.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { confusionFrom } from '../../src/engine/train/confusion';
import type { DataEvent, EndEvent, EpochEvent, SamplesEvent } from '../../src/engine/train/events';
import { cellColor, decodeBase64, decodeCell, parseColor, type Rgb } from '../../webview/panel/pictureModel';
import { assertClean, fixture, openPanel, showRun, startHarness, text, type Harness, type PanelPage } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

const shots = path.join(__dirname, 'screenshots');

interface Row { index: number; truth: number; pred: number; confidence: number; cells: string[] }

async function listed(p: PanelPage): Promise<Row[]> {
  return p.page.$$eval('#confusion-samples .sample-row', (rows) => rows.map((r) => {
    const d = (r as HTMLElement).dataset;
    return { index: Number(d['index']), truth: Number(d['true']), pred: Number(d['pred']), confidence: Number(d['confidence']), cells: Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? '') };
  }));
}

const cell = (split: string, truth: number, pred: number) => `#confusion-${split} td.cm-cell[data-true="${truth}"][data-pred="${pred}"] button`;

describe('confusion matrix and samples', () => {
  it('iris: a click on a cell lists exactly its samples, with their feature values, classes and confidence', async () => {
    const p = await openPanel(h, 'dark', 1400, 1400);
    const events = fixture('iris');
    await showRun(p, 'iris', events);
    const samples = events.find((e): e is SamplesEvent => e.type === 'samples')!;
    const end = events.find((e): e is EndEvent => e.type === 'end')!;
    const v = samples.validation!;
    const pred = decodeBase64(end.confusion!.validation!.predicted!), conf = decodeBase64(end.confusion!.validation!.confidence!);
    // The most populated off-diagonal cell if any, else versicolor's diagonal.
    const m = end.confusion!.validation!.matrix;
    let [t, q] = [1, 1];
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) if (a !== b && m[a]![b]! > 0 && (t === q || m[a]![b]! > m[t]![q]!)) [t, q] = [a, b];
    await p.page.click(cell('validation', t, q));
    await p.settle();
    const rows = await listed(p);
    const want = v.labels.map((label, i) => ({ i, label })).filter(({ i, label }) => label === t && pred[i] === q).map(({ i }) => i);
    assert.equal(rows.length, m[t]![q]!, 'one row per sample in the cell');
    assert.deepEqual(rows.map((r) => r.index).sort((a, b) => a - b), want);
    for (const r of rows) {
      assert.equal(r.truth, t);
      assert.equal(r.pred, q);
      assert.ok(Math.abs(r.confidence - conf[r.index]! / 255) < 1e-3);
      // The row shows the sample's four raw feature values, then its true and predicted species.
      assert.deepEqual(r.cells.slice(1, 5).map(Number), v.x![r.index]);
      assert.deepEqual(r.cells.slice(5, 7), [samples.classNames[t], samples.classNames[q]]);
    }
    // Most confident first.
    assert.deepEqual(rows.map((r) => r.confidence), rows.map((r) => r.confidence).sort((a, b) => b - a));
    assert.match(await text(p, '#confusion-samples-title'), new RegExp(`^Validation, end \\(.*\\): ${m[t]![q]} samples? of ${samples.classNames[t]} predicted as ${samples.classNames[q]}`));
    await p.page.locator('#confusion').screenshot({ path: path.join(shots, 'confusion-iris-clicked.png') });

    // Epoch 0 (the slider's start): the untrained model's matrix, and the list follows it.
    await p.page.locator('#confusion-epoch').fill('0');
    await p.settle();
    assert.equal(await text(p, '#confusion-epoch-value'), 'epoch 0');
    assert.equal(await text(p, '#picture-epoch-value'), 'epoch 0', 'the picture moves with it');
    const zero = events.find((e): e is EpochEvent => e.type === 'epoch' && e.epoch === 0)!.confusion!.validation!;
    const counts = await p.page.$$eval('#confusion-validation tbody tr', (trs) => trs.map((r) => Array.from(r.querySelectorAll('.cm-cell')).map((td) => Number((td as HTMLElement).dataset['count']))).filter((r) => r.length));
    assert.deepEqual(counts, zero.matrix);
    assert.deepEqual(confusionFrom(v.labels, decodeBase64(zero.predicted!), 3).matrix, zero.matrix);
    assert.equal((await listed(p)).length, zero.matrix[t]![q]!);
    await assertClean(p);
  });

  it('MNIST: the gallery shows the 32 most confident mistakes with their true and predicted digits', async () => {
    const p = await openPanel(h, 'light', 1400, 1200);
    const events = fixture('mnist');
    await showRun(p, 'mnist', events);
    const v = events.find((e): e is SamplesEvent => e.type === 'samples')!.validation!;
    const c = events.find((e): e is EndEvent => e.type === 'end')!.confusion!.validation!;
    const pred = decodeBase64(c.predicted!), conf = decodeBase64(c.confidence!);
    const wrong = v.labels.map((label, i) => ({ i, label, p: pred[i]!, c: conf[i]! })).filter((s) => s.label !== s.p);
    assert.ok(wrong.length > 32, `${wrong.length} mistakes in the fixture`);
    const figures = await p.page.$$eval('#mistakes-grid figure', (fs) => fs.map((f) => ({
      index: Number((f as HTMLElement).dataset['index']), truth: Number((f as HTMLElement).dataset['true']), pred: Number((f as HTMLElement).dataset['pred']),
      caption: f.querySelector('figcaption')!.textContent ?? '', thumb: (f.querySelector('canvas') as HTMLCanvasElement).width,
    })));
    assert.equal(figures.length, 32);
    const minShown = Math.min(...figures.map((f) => conf[f.index]!));
    assert.ok(wrong.filter((s) => s.c > minShown).every((s) => figures.some((f) => f.index === s.i)), 'no mistake surer than the shown ones is left out');
    for (const f of figures) {
      assert.equal(f.truth, v.labels[f.index]);
      assert.equal(f.pred, pred[f.index]);
      assert.notEqual(f.truth, f.pred);
      assert.ok(f.caption.startsWith(`${f.truth} → ${f.pred}`), f.caption);
      assert.equal(f.thumb, 28);
    }
    // The thumbnail is the sample's image: its pixels are the event's bytes.
    const first = figures[0]!;
    const drawn = await p.page.$eval(`#mistakes-grid figure[data-index="${first.index}"] canvas`, (cv) => Array.from((cv as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 28, 28).data.filter((_, k) => k % 4 === 0)));
    assert.deepEqual(drawn, Array.from(Buffer.from(v.images!, 'base64').subarray(first.index * 784, (first.index + 1) * 784)));
    assert.match(await text(p, '#mistakes-note'), new RegExp(`^${wrong.length} wrong among the first 1000 of 2000 validation images`));
    // A cell lists thumbnails too.
    await p.page.click(cell('validation', first.truth, first.pred));
    await p.settle();
    const rows = await listed(p);
    assert.equal(rows[0]!.index, wrong.filter((s) => s.label === first.truth && s.p === first.pred).sort((a, b) => b.c - a.c || a.i - b.i)[0]!.i);
    assert.equal(await p.page.locator('#confusion-samples canvas.thumb').count(), rows.length);
    await p.page.locator('#mistakes').screenshot({ path: path.join(shots, 'confusion-mnist-gallery.png') });
    await p.page.locator('#confusion').screenshot({ path: path.join(shots, 'confusion-mnist-clicked.png') });
    await assertClean(p);
  });

  it('iris: a picked pair of features is drawn with the class the model predicts at each sampled point', async () => {
    const p = await openPanel(h);
    const events = fixture('iris');
    await showRun(p, 'iris', events);
    const d = events.find((e): e is DataEvent => e.type === 'data')!;
    const end = events.find((e): e is EndEvent => e.type === 'end')!;
    assert.equal(await p.page.inputValue('#picture-pair'), d.features.join(','));
    await p.page.selectOption('#picture-pair', '0,1');
    await p.settle();
    assert.equal(await p.page.getAttribute('#picture-chart', 'data-pair'), '0,1');
    assert.match(await text(p, '#picture-note'), /over sepal/);
    assert.equal(await p.page.locator('#picture-epoch').isDisabled(), true, 'other pairs: the end only');
    const plot = JSON.parse((await p.page.getAttribute('#picture-chart', 'data-plot'))!) as { left: number; top: number; width: number; height: number };
    const colors = (JSON.parse((await p.page.getAttribute('#picture-chart', 'data-colors'))!) as string[]).map(parseColor);
    const cells = decodeBase64(end.boundaries!['0,1']!);
    const [xr, yr] = [d.choices!.ranges[0]!, d.choices!.ranges[1]!];
    // Cell centres away from the points (which are drawn on top).
    const pts = [d.choices!.train, d.choices!.validation!].flatMap((cols) => cols[0]!.map((x, k) => [plot.left + ((x - xr[0]) / (xr[1] - xr[0])) * plot.width, plot.top + ((yr[1] - cols[1]![k]!) / (yr[1] - yr[0])) * plot.height]));
    const at: { i: number; x: number; y: number }[] = [];
    for (let n = 0; at.length < 60 && n < 5000; n++) {
      const r = (n * 37) % 100, c = (n * 61 + 13) % 100;
      const x = plot.left + ((c + 0.5) / 100) * plot.width, y = plot.top + ((r + 0.5) / 100) * plot.height;
      if (pts.every(([px, py]) => Math.hypot(px! - x, py! - y) > 9)) at.push({ i: r * 100 + c, x, y });
    }
    const got = await p.page.$eval('#picture-chart', (cv, xy) => {
      const ctx = (cv as HTMLCanvasElement).getContext('2d')!;
      return [[1, 1], ...xy].map(([x, y]) => Array.from(ctx.getImageData(Math.round(x!), Math.round(y!), 1, 1).data.slice(0, 3)));
    }, at.map((s) => [s.x, s.y])) as Rgb[];
    const bg = got.shift()!;
    const seen = new Set<number>();
    at.forEach((s, k) => {
      const { cls, q } = decodeCell(cells[s.i]!, 3);
      const want = cellColor(colors[cls]!, bg, q);
      assert.ok(Math.max(...want.map((w, j) => Math.abs(w - got[k]![j]!))) <= 3, `cell ${s.i}: ${got[k]} vs ${want}`);
      seen.add(cls);
    });
    assert.ok(seen.size >= 2, 'several classes sampled');
    await p.page.locator('#picture').screenshot({ path: path.join(shots, 'confusion-iris-sepals.png') });
    // Back to the drawn pair: the slider works again.
    await p.page.selectOption('#picture-pair', d.features.join(','));
    await p.settle();
    assert.equal(await p.page.locator('#picture-epoch').isDisabled(), false);
    await assertClean(p);
  });
});
