// Loads the built panel (dist/webview/panel.js, media/panel.css) in headless Chromium behind
// its real CSP, with a stand-in for the workbench (standin.js), and feeds it host messages.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { StudyResult } from '../../src/engine/studies/types';
import type { TrainEvent } from '../../src/engine/train/events';
import type { PanelMessage, StudyView, WebviewMessage } from '../../src/shared/protocol';

const ROOT = path.resolve(__dirname, '../..');
const SERVED = ['/dist/webview/', '/media/', '/test/webview/'];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json' };

export type Theme = 'light' | 'dark' | 'hc' | 'hc-light';

export interface Harness {
  browser: Browser;
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** The harness tests the built bundle: say so plainly when it is older than its sources. */
function assertFreshBundle(): void {
  const bundle = statSync(path.join(ROOT, 'dist/webview/panel.js'), { throwIfNoEntry: false });
  if (!bundle) throw new Error('dist/webview/panel.js is missing: run `npm run build` first');
  const sources = ['panel', 'common'].flatMap((dir) => readdirSync(path.join(ROOT, 'webview', dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f)));
  const stale = sources.filter((f) => statSync(path.join(ROOT, 'webview', f)).mtimeMs > bundle.mtimeMs);
  if (stale.length) throw new Error(`dist/webview/panel.js is older than webview/${stale[0]}: run \`npm run build\` first`);
}

export async function startHarness(): Promise<Harness> {
  assertFreshBundle();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = path.join(ROOT, path.normalize(url.pathname));
    if (!SERVED.some((p) => url.pathname.startsWith(p)) || !file.startsWith(ROOT)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/test/webview/harness.html`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    browser, server, url,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface PanelPage {
  page: Page;
  /** Console errors and page errors seen so far. */
  errors: string[];
  send(message: PanelMessage): Promise<void>;
  posted(): Promise<WebviewMessage[]>;
  /** Wait until every message sent so far is handled and the throttled redraw has run. */
  settle(): Promise<void>;
}

export async function openPanel(h: Harness, theme: Theme = 'dark', width = 1400, height = 900): Promise<PanelPage> {
  const page = await h.browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${h.url}?theme=${theme}`);
  await page.waitForFunction(() => (window as unknown as { __posted: WebviewMessage[] }).__posted.some((m) => m.type === 'ready'));
  const p: PanelPage = {
    page, errors,
    // As a JSON string: Playwright's own argument serialisation is slow for big event lists.
    send: (message) => page.evaluate((json) => window.postMessage(JSON.parse(json), '*'), JSON.stringify(message)),
    posted: () => page.evaluate(() => (window as unknown as { __posted: WebviewMessage[] }).__posted),
    async settle() {
      // Posted messages are handled in order: once this one arrives, all earlier ones have.
      // (A string: tsx would wrap a named function here in a helper the page lacks.)
      await page.evaluate(`new Promise((resolve) => {
        const done = (e) => {
          if (e.data !== 'harness:settle') return;
          window.removeEventListener('message', done);
          resolve();
        };
        window.addEventListener('message', done);
        window.postMessage('harness:settle', '*');
      })`);
      await page.waitForFunction(() => document.getElementById('app')?.dataset['drawn'] !== 'no');
    },
  };
  return p;
}

export function fixture(name: string): TrainEvent[] {
  return readFileSync(path.join(__dirname, 'fixtures', `${name}.jsonl`), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TrainEvent);
}

export function weightsFixture(): { inputShape: number[]; units: number[][] } {
  return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'mnist-weights.json'), 'utf8')) as { inputShape: number[]; units: number[][] };
}

/** init + a finished run, as the host sends them when the panel opens on a stored run. */
export async function showRun(p: PanelPage, name: string, events: TrainEvent[], runId = `run-${name}`): Promise<void> {
  await p.send({ type: 'init', fileName: `${name}.nn.yaml`, filePath: `examples/${name}.nn.yaml`, status: 'idle' });
  await p.send({ type: 'run', runId, events, live: false });
  await p.settle();
}

/** Parsed data-summary of a chart canvas: one entry per dataset. */
export interface DatasetSummary {
  label: string;
  points: number;
  last: number | null;
  mean: number | null;
  color: string | null;
}

export async function chartSummary(p: PanelPage, canvasId: string): Promise<DatasetSummary[]> {
  const text = await p.page.getAttribute(`#${canvasId}`, 'data-summary');
  return JSON.parse(text ?? '[]') as DatasetSummary[];
}

/** No console errors, no CSP violations (the toolkit's load-time style probe included). */
export async function assertClean(p: PanelPage): Promise<void> {
  assert.deepEqual(p.errors, []);
  const violations = await p.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  assert.deepEqual(violations, []);
  await p.page.close();
}

export async function text(p: PanelPage, selector: string): Promise<string> {
  return (await p.page.locator(selector).first().innerText()).replace(/\s+/g, ' ').trim();
}

/** A real study result (fixtures/study-NAME.json, made by make-fixtures.ts from `backprop diagnose --jsonl`). */
export function studyFixture(name: string): StudyResult {
  return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', `study-${name}.json`), 'utf8')) as StudyResult;
}

/** The host's view of a finished study result, with any field overridden. */
export function studyView(result: StudyResult, over: Partial<StudyView> = {}): StudyView {
  return { status: result.status, studies: result.studies, progress: null, result, cached: false, stale: false, startedAt: result.time, ...over };
}

/**
 * The view while the studies run, after the first `finished` studies of `result`: the progress
 * is what the engine reports at training `done` of the next study (totals from the result:
 * points × seeds per curve study, the models of the bootstrap).
 */
export function runningView(result: StudyResult, finished: number, done: number): StudyView {
  const trainings = result.studies.map((s) => ('points' in s ? s.points.length * result.options.seeds : s.models));
  const next = result.studies[finished]!;
  const before = trainings.slice(0, finished).reduce((a, b) => a + b, 0);
  const messages: Record<string, string> = {
    learning_curve: `10% of the training data (${Math.round(result.samples.train / 10)} samples), seed ${done % result.options.seeds + 1}/${result.options.seeds}`,
    model_size: `width ${'points' in next ? next.points[0]!.label : ''}, seed ${done % result.options.seeds + 1}/${result.options.seeds}`,
    depth: `${'points' in next ? next.points[0]!.label : ''}, seed ${done % result.options.seeds + 1}/${result.options.seeds}`,
    weight_decay: `weight decay ${'points' in next ? next.points[1]!.label : ''}, seed ${done % result.options.seeds + 1}/${result.options.seeds}`,
    bootstrap: `bootstrap model ${done + 1}/${trainings[finished]}`,
  };
  return {
    status: 'running', studies: result.studies.slice(0, finished), result: null, cached: false, stale: false, startedAt: result.time,
    progress: {
      study: next.kind, done, total: trainings[finished]!, message: messages[next.kind]!,
      overall: { done: before + done, total: trainings.reduce((a, b) => a + b, 0) },
    },
  };
}
