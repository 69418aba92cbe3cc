// Screenshots of the panel for each fixture, in light and dark, at 800 and 1400 px:
//   npm run build && node --import tsx test/webview/shoot.ts [--sections] [--hc] [--narrow] [iris|overfitting|mnist|live|empty|try|studies…]
// `studies` is every study scene below (or name one: study-circles-linear, study-running, …).
// They go to test/webview/screenshots/ (git-ignored) to be looked at.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TryResult } from '../../src/engine/advice/types';
import type { StudyResult } from '../../src/engine/studies/types';
import type { PanelMessage } from '../../src/shared/protocol';
import { fixture, openPanel, runningView, showRun, startHarness, studyFixture, studyView, weightsFixture, type Theme } from './harness';

/** Study scenes: the messages after `init` (a file with no run unless it says so). */
const STUDY_SCENES: Record<string, () => PanelMessage[]> = {
  'study-circles-linear': () => [{ type: 'study', study: studyView(studyFixture('circles-linear')) }],
  'study-wide-on-noisy': () => [{ type: 'study', study: studyView(studyFixture('wide-on-noisy'), { cached: true }) }],
  'study-poly-narrow': () => [{ type: 'study', study: studyView(studyFixture('poly-narrow')) }],
  'study-running': () => [{ type: 'study', study: runningView(studyFixture('circles-linear'), 2, 7) }],
  'study-stale': () => [{ type: 'study', study: studyView(studyFixture('wide-on-noisy'), { stale: true }) }],
  'study-cancelled': () => {
    const r = studyFixture('circles-linear');
    return [{ type: 'study', study: studyView({ ...r, status: 'cancelled', studies: r.studies.slice(0, 2) }, { status: 'cancelled', studies: r.studies.slice(0, 2) }) }];
  },
  // A result cached before the depth study existed: its card says "Not run.".
  'study-before-depth': () => {
    const r = studyFixture('circles-linear');
    const { depthChanges: _d, ...options } = r.options;
    const old = { ...r, studies: r.studies.filter((s) => s.kind !== 'depth'), options: { ...options, kinds: r.options.kinds.filter((k) => k !== 'depth') } } as StudyResult;
    return [{ type: 'study', study: studyView(old, { cached: true }) }];
  },
  'study-with-run': () => [
    { type: 'run', runId: 'run-iris', events: fixture('iris'), live: false },
    { type: 'study', study: studyView(studyFixture('circles-linear')) },
  ],
};

const args = process.argv.slice(2);
const sections = args.includes('--sections');
const names = args.filter((a) => !a.startsWith('--')).flatMap((n) => (n === 'studies' ? Object.keys(STUDY_SCENES) : [n]));
if (!names.length) names.push('iris', 'overfitting', 'mnist');
const dir = path.join(__dirname, 'screenshots');

async function main(): Promise<void> {
  const h = await startHarness();
  try {
    for (const name of names) {
      for (const theme of (args.includes('--hc') ? ['dark', 'light', 'hc', 'hc-light'] : ['dark', 'light']) as Theme[]) {
        for (const width of args.includes('--narrow') ? [520] : [800, 1400]) {
          const p = await openPanel(h, theme, width);
          if (name === 'live') {
            // The overfitting run a third of the way in, still training.
            await p.send({ type: 'init', fileName: 'overfitting.nn.yaml', filePath: 'examples/overfitting.nn.yaml', status: 'running' });
            await p.send({ type: 'run', runId: 'run-live', events: fixture('overfitting').slice(0, 300), live: true });
          } else if (name === 'try') {
            // The overfitting lesson after "Try the fixes" (fixtures/try-overfitting.json).
            await showRun(p, 'overfitting', fixture('overfitting'));
            const result = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'try-overfitting.json'), 'utf8')) as TryResult;
            await p.send({ type: 'trial', view: { tryId: 1, status: 'completed', progress: null, result, stale: false, startedAt: '2026-01-01T00:00:00.000Z' } });
          } else if (name === 'empty') {
            await p.send({ type: 'init', fileName: 'iris.nn.yaml', filePath: 'examples/iris.nn.yaml', status: 'idle' });
          } else if (STUDY_SCENES[name]) {
            await p.send({ type: 'init', fileName: 'circles-linear.nn.yaml', filePath: 'examples/circles-linear.nn.yaml', status: 'idle' });
            for (const m of STUDY_SCENES[name]()) await p.send(m);
          } else {
            await showRun(p, name, fixture(name));
          }
          await p.send({ type: 'history', runs: [] });
          if (name === 'mnist') await p.send({ type: 'weights', runId: `run-${name}`, ...weightsFixture() });
          await p.settle();
          const file = path.join(dir, `${name}-${theme}-${width}.png`);
          await p.page.screenshot({ path: file, fullPage: true });
          // Sections one by one too, at full resolution, for a closer look.
          if (sections) {
            for (const id of ['verdict', 'summary', 'try-fixes', 'studies', 'curves', 'picture', 'confusion', 'mistakes', 'gradients', 'histograms', 'first-layer']) {
              const el = p.page.locator(`#${id}`);
              if (await el.isVisible()) await el.screenshot({ path: path.join(dir, `${name}-${theme}-${width}-${id}.png`) });
            }
          }
          console.log(`${file}${p.errors.length ? `  errors: ${p.errors.join('; ')}` : ''}`);
          await p.page.close();
        }
      }
    }
  } finally {
    await h.close();
  }
}

void main();
