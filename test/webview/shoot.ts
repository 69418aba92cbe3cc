// Screenshots of the panel for each fixture, in light and dark, at 800 and 1400 px:
//   npm run build && node --import tsx test/webview/shoot.ts [--sections] [--hc] [--narrow] [iris|overfitting|mnist|live|empty…]
// They go to test/webview/screenshots/ (git-ignored) to be looked at.
import * as path from 'node:path';
import { fixture, openPanel, showRun, startHarness, weightsFixture, type Theme } from './harness';

const args = process.argv.slice(2);
const sections = args.includes('--sections');
const names = args.filter((a) => !a.startsWith('--'));
if (!names.length) names.push('iris', 'overfitting', 'mnist');
const dir = path.join(__dirname, 'screenshots');

async function main(): Promise<void> {
  const h = await startHarness();
  try {
    for (const name of names) {
      for (const theme of (args.includes('--hc') ? ['dark', 'light', 'hc'] : ['dark', 'light']) as Theme[]) {
        for (const width of args.includes('--narrow') ? [520] : [800, 1400]) {
          const p = await openPanel(h, theme, width);
          if (name === 'live') {
            // The overfitting run a third of the way in, still training.
            await p.send({ type: 'init', fileName: 'overfitting.nn.yaml', filePath: 'examples/overfitting.nn.yaml', status: 'running' });
            await p.send({ type: 'run', runId: 'run-live', events: fixture('overfitting').slice(0, 300), live: true });
          } else if (name === 'empty') {
            await p.send({ type: 'init', fileName: 'iris.nn.yaml', filePath: 'examples/iris.nn.yaml', status: 'idle' });
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
            for (const id of ['verdict', 'summary', 'curves', 'gradients', 'histograms', 'first-layer']) {
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
