// The picture section in the real panel: the drawn canvas is read back and each sampled
// pixel must show the class (and confidence) the run's grid gives there, or lie on the
// model's fitted curve; the slider moves through the run's frames.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DataEvent, EndEvent, EpochEvent } from '../../src/engine/train/events';
import { cellColor, decodeBase64, decodeCell, parseColor, type Rgb } from '../../webview/panel/pictureModel';
import { assertClean, fixture, openPanel, showRun, startHarness, text, type Harness, type PanelPage } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

interface Plot { left: number; top: number; width: number; height: number }

async function canvasInfo(p: PanelPage): Promise<{ plot: Plot; colors: unknown }> {
  const plot = JSON.parse((await p.page.getAttribute('#picture-chart', 'data-plot'))!) as Plot;
  const colors = JSON.parse((await p.page.getAttribute('#picture-chart', 'data-colors'))!) as unknown;
  return { plot, colors };
}

async function pixels(p: PanelPage, at: [number, number][]): Promise<Rgb[]> {
  return p.page.$eval('#picture-chart', (c, pts) => {
    const ctx = (c as HTMLCanvasElement).getContext('2d')!;
    return pts.map(([x, y]) => Array.from(ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3)));
  }, at) as Promise<Rgb[]>;
}

const dist = (a: Rgb, b: Rgb) => Math.max(...a.map((v, k) => Math.abs(v - b[k]!)));

/** Cell centres (canvas pixels) at least 9 px from every drawn point, with their grid index. */
function sampleCells(d: DataEvent, plot: Plot, count: number): { i: number; x: number; y: number }[] {
  const pts = [d.train, d.validation!].flatMap((s) => s.x.map((x, k) => [
    plot.left + ((x - d.xRange[0]) / (d.xRange[1] - d.xRange[0])) * plot.width,
    plot.top + ((d.yRange![1] - s.y[k]!) / (d.yRange![1] - d.yRange![0])) * plot.height]));
  const out: { i: number; x: number; y: number }[] = [];
  for (let n = 0; out.length < count && n < 5000; n++) {
    const r = (n * 37) % 100, c = (n * 61 + 13) % 100;
    const x = plot.left + ((c + 0.5) / 100) * plot.width, y = plot.top + ((r + 0.5) / 100) * plot.height;
    if (pts.every(([px, py]) => Math.hypot(px! - x, py! - y) > 9)) out.push({ i: r * 100 + c, x, y });
  }
  return out;
}

describe('what the network learned', () => {
  it('moons: every sampled pixel of the boundary has the colour of the class and confidence the grid gives there', async () => {
    const p = await openPanel(h);
    const events = fixture('moons');
    await showRun(p, 'moons', events);
    const d = events.find((e): e is DataEvent => e.type === 'data')!;
    const end = events.find((e): e is EndEvent => e.type === 'end')!;
    assert.match(await text(p, '#picture-epoch-value'), /^end \(weights of epoch \d+\)$/);
    const { plot, colors } = await canvasInfo(p);
    const classColors = (colors as string[]).map(parseColor);
    const [bg] = await pixels(p, [[1, 1]]);
    const check = async (grid: string) => {
      const cells = decodeBase64(grid);
      const samples = sampleCells(d, plot, 60);
      const got = await pixels(p, samples.map((s) => [s.x, s.y]));
      const seen = new Set<number>();
      samples.forEach((s, k) => {
        const { cls, q } = decodeCell(cells[s.i]!, d.classes);
        const want = cellColor(classColors[cls]!, bg!, q);
        assert.ok(dist(got[k]!, want) <= 3, `cell ${s.i}: pixel ${got[k]} vs class ${cls} colour ${want}`);
        seen.add(cls);
      });
      return seen;
    };
    assert.deepEqual([...(await check(end.boundary!))].sort(), [0, 1], 'both classes are sampled');
    // Epoch 0 (the slider's start): the untrained model's grid.
    await p.page.locator('#picture-epoch').fill('0');
    await p.settle();
    assert.equal(await text(p, '#picture-epoch-value'), 'epoch 0');
    const zero = events.find((e): e is EpochEvent => e.type === 'epoch' && e.epoch === 0)!;
    assert.notEqual(zero.boundary, end.boundary);
    await check(zero.boundary!);
    assert.match(await text(p, '#picture-note'), /Training points filled \(400\), validation hollow \(100\)/);
    await assertClean(p);
  });

  it('the 5 dots: the big model\'s curve threads the 5 training points and misses the validation ones', async () => {
    const p = await openPanel(h);
    const events = fixture('overfitting');
    await showRun(p, 'overfitting', events);
    const d = events.find((e): e is DataEvent => e.type === 'data')!;
    const end = events.find((e): e is EndEvent => e.type === 'end')!;
    const fit = end.fit!;
    const { plot, colors } = await canvasInfo(p);
    const curve = parseColor((colors as { curve: string }).curve);
    const ys = [...d.train.y, ...d.validation!.y];
    const lo = Math.min(...ys) - 0.2 * (Math.max(...ys) - Math.min(...ys)), hi = Math.max(...ys) + 0.2 * (Math.max(...ys) - Math.min(...ys));
    const at = (x: number, y: number): [number, number] => [plot.left + ((x - d.xRange[0]) / (d.xRange[1] - d.xRange[0])) * plot.width, plot.top + ((hi - y) / (hi - lo)) * plot.height];
    const points = [d.train, d.validation!].flatMap((s) => s.x.map((x, k) => at(x, s.y[k]!)));
    const samples = fit.map((y, i) => at(d.xRange[0] + (i / (fit.length - 1)) * (d.xRange[1] - d.xRange[0]), y))
      .filter(([x, y]) => x > plot.left + 3 && x < plot.left + plot.width - 3 && y > plot.top + 3 && y < plot.top + plot.height - 3 && points.every(([px, py]) => Math.hypot(px! - x, py! - y) > 10));
    assert.ok(samples.length > 50, `${samples.length} curve samples`);
    for (const [k, px] of (await pixels(p, samples)).entries()) assert.ok(dist(px, curve) <= 40, `curve pixel ${samples[k]}: ${px} vs ${curve}`);
    // The model's value at each training input is within 0.06 of its target; validation points are missed by far more.
    const value = (x: number) => fit[Math.round(((x - d.xRange[0]) / (d.xRange[1] - d.xRange[0])) * (fit.length - 1))]!;
    const trainMiss = Math.max(...d.train.x.map((x, k) => Math.abs(value(x) - d.train.y[k]!)));
    const valMiss = d.validation!.x.reduce((s, x, k) => s + Math.abs(value(x) - d.validation!.y[k]!), 0) / d.validation!.x.length;
    assert.ok(trainMiss < 0.06, `training points missed by up to ${trainMiss}`);
    assert.ok(valMiss > 4 * trainMiss, `validation points missed by ${valMiss} on average`);
    assert.match(await text(p, '#picture-title'), /^Fitted curve at end \(epoch 800\)$/);
    await assertClean(p);
  });

  it('iris: the confusion matrix shows the end event\'s counts, recall per row and precision per column', async () => {
    const p = await openPanel(h);
    const events = fixture('iris');
    await showRun(p, 'iris', events);
    const c = events.find((e): e is EndEvent => e.type === 'end')!.confusion!;
    const counts = await p.page.$$eval('#confusion-validation tbody tr', (rows) => rows.map((r) => Array.from(r.querySelectorAll('.cm-cell')).map((td) => Number((td as HTMLElement).dataset['count']))).filter((r) => r.length));
    assert.deepEqual(counts, c.validation!.matrix);
    assert.equal(counts.flat().reduce((a, b) => a + b, 0), 30);
    const title = await text(p, '#confusion-validation h3');
    assert.equal(title, `Validation: ${(100 * c.validation!.accuracy).toFixed(1)}% of 30 correct`);
    assert.equal(await p.page.locator('#confusion-test').count(), 0, 'no test split');
    await assertClean(p);
  });

  it('MNIST has no picture: the section stays hidden', async () => {
    const p = await openPanel(h);
    await showRun(p, 'mnist', fixture('mnist'));
    assert.equal(await p.page.locator('#picture').isHidden(), true);
    await assertClean(p);
  });
});
