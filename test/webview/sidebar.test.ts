// The side view's compact picture, in the real bundle behind its CSP: the newest decision
// boundary of the shown run, read back pixel by pixel against the grid the host sent, and
// hidden for a run without one.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DataEvent, EndEvent, TrainEvent } from '../../src/engine/train/events';
import { latestPicture } from '../../src/extension/webviews/sidebarPicture';
import type { SidebarMessage, WebviewMessage } from '../../src/shared/protocol';
import { overlayPoints } from '../../src/extension/runs/store';
import { cellColor, decodeBase64, decodeCell, parseColor, type Rgb } from '../../webview/panel/pictureModel';
import { fixture, startHarness, type Harness } from './harness';

let h: Harness;
before(async () => { h = await startHarness(); });
after(async () => { await h.close(); });

async function openSidebar(width = 300) {
  const page = await h.browser.newPage({ viewport: { width, height: 700 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(h.url.replace('harness.html', 'sidebar-harness.html'));
  await page.waitForFunction(() => (window as unknown as { __posted: WebviewMessage[] }).__posted.some((m) => m.type === 'ready'));
  const send = async (m: SidebarMessage) => { await page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(m)); await page.waitForTimeout(50); };
  return { page, errors, send };
}

async function showLatest(send: (m: SidebarMessage) => Promise<void>, runId: string, events: TrainEvent[]): Promise<void> {
  await send({ type: 'live', runId, name: runId, points: overlayPoints(events), reset: true });
  const picture = latestPicture(runId, events);
  if (picture) await send(picture);
}

describe('side view picture', () => {
  it('moons: the thumbnail shows the end\'s boundary, each sampled cell in its class colour', async () => {
    const s = await openSidebar();
    const events = fixture('moons');
    await showLatest(s.send, 'run-moons', events);
    const d = events.find((e): e is DataEvent => e.type === 'data')!;
    const end = events.find((e): e is EndEvent => e.type === 'end')!;
    assert.equal(await s.page.getAttribute('#side-picture', 'data-frame'), 'end');
    assert.match((await s.page.getAttribute('#side-picture', 'aria-label'))!, /^Decision boundary over x1 and x2, end$/);
    const plot = JSON.parse((await s.page.getAttribute('#side-picture', 'data-plot'))!) as { width: number; height: number };
    assert.ok(plot.width >= 200 && plot.width <= 220, `${plot.width} px wide`);
    const colors = (JSON.parse((await s.page.getAttribute('#side-picture', 'data-colors'))!) as string[]).map(parseColor);
    const cells = decodeBase64(end.boundary!);
    const pts = [d.train, d.validation!].flatMap((p) => p.x.map((x, k) => [((x - d.xRange[0]) / (d.xRange[1] - d.xRange[0])) * plot.width, ((d.yRange![1] - p.y[k]!) / (d.yRange![1] - d.yRange![0])) * plot.height]));
    const at: { i: number; x: number; y: number }[] = [];
    for (let n = 0; at.length < 40 && n < 5000; n++) {
      const r = (n * 37) % 100, c = (n * 61 + 13) % 100;
      const x = ((c + 0.5) / 100) * plot.width, y = ((r + 0.5) / 100) * plot.height;
      // Away from the points and from cell edges (a cell is ~2 px here).
      if (pts.every(([px, py]) => Math.hypot(px! - x, py! - y) > 5)) at.push({ i: r * 100 + c, x, y });
    }
    const bg = parseColor(await s.page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--vscode-editor-background').trim() || '#1e1e1e'));
    const got = await s.page.$eval('#side-picture', (cv, xy) => {
      const ctx = (cv as HTMLCanvasElement).getContext('2d')!;
      return xy.map(([x, y]) => Array.from(ctx.getImageData(Math.floor(x!), Math.floor(y!), 1, 1).data.slice(0, 3)));
    }, at.map((p) => [p.x, p.y])) as Rgb[];
    let same = 0;
    at.forEach((p, k) => {
      const { cls, q } = decodeCell(cells[p.i]!, d.classes);
      if (Math.max(...cellColor(colors[cls]!, bg, q).map((w, j) => Math.abs(w - got[k]![j]!))) <= 3) same++;
    });
    assert.ok(same >= at.length - 2, `${same}/${at.length} sampled cells in their colour`);
    await s.page.screenshot({ path: path.join(__dirname, 'screenshots', 'sidebar-moons.png') });
    // Another run without a picture (MNIST): the thumbnail goes away.
    await showLatest(s.send, 'run-mnist', fixture('mnist'));
    assert.equal(await s.page.locator('#side-picture-box').isHidden(), true);
    assert.deepEqual(s.errors, []);
    assert.deepEqual(await s.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
    await s.page.close();
  });

  it('the 5 dots: the thumbnail is the fitted curve of the newest frame', async () => {
    const s = await openSidebar();
    const events = fixture('overfitting');
    await showLatest(s.send, 'run-5', events);
    assert.equal(await s.page.getAttribute('#side-picture', 'data-frame'), 'end');
    assert.match((await s.page.getAttribute('#side-picture', 'aria-label'))!, /^Fitted curve over /);
    await s.page.screenshot({ path: path.join(__dirname, 'screenshots', 'sidebar-overfitting.png') });
    assert.deepEqual(s.errors, []);
    await s.page.close();
  });
});
