// Regenerates the panel's fixtures from real training runs and real studies (run after
// `npm run build`):
//   node --import tsx test/webview/make-fixtures.ts [runs] [studies] [tries]   (default: all)
// Runs: iris (early stopping, good fit), the 5-point overfitting lesson at 800 epochs
// (regression, overfitting: the fitted curve), moons (2 features: the decision boundary) and
// 3 epochs of MNIST (images: its first layer's weights too).
// Studies (`backprop diagnose --jsonl`, CPU, default options): the linear model on circles
// (bias), a wide network on 30 noisy points (variance) and a 2-unit network on a cubic
// (regression, bias, with model-size and depth quick fixes).
// Tries: "Try the fixes" of the 5-point overfitting lesson, as the worker answers the host
// (its `trial_result`), on the CPU: one fix better, one worse.
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TryResult } from '../../src/engine/advice/types';
import type { StudyEvent, StudyResult, StudySummaryEvent } from '../../src/engine/studies/types';
import type { WorkerMessage } from '../../src/shared/worker-protocol';
import { firstLayerUnits } from '../../src/extension/webviews/firstLayer';
import { WIDE_ON_NOISY } from '../helpers/study-files';

const root = path.resolve(__dirname, '../..');
const out = path.join(__dirname, 'fixtures');

function train(example: string, name: string, extra: string[] = [], save?: string): void {
  const args = ['bin/backprop.js', 'train', `examples/${example}`, '--jsonl', '--backend', 'cpu', ...extra, ...(save ? ['--out', save] : ['--no-save'])];
  const jsonl = execFileSync('node', args, { cwd: root, maxBuffer: 1 << 28, encoding: 'utf8' });
  writeFileSync(path.join(out, `${name}.jsonl`), jsonl);
  console.log(`${name}.jsonl: ${jsonl.split('\n').filter(Boolean).length} events`);
}

async function mnist(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'backprop-fixtures-'));
  try {
    train('mnist.nn.yaml', 'mnist', ['--epochs', '3'], dir);
    const runDir = path.join(dir, readdirSync(dir)[0]!);
    const units = await firstLayerUnits(runDir);
    if (!units) throw new Error('the MNIST run saved no first-layer weights');
    // Four significant digits are plenty for a picture and keep the fixture small.
    const rounded = units.map((u) => u.map((v) => Number(v.toPrecision(4))));
    writeFileSync(path.join(out, 'mnist-weights.json'), JSON.stringify({ inputShape: [28, 28], units: rounded }));
    console.log(`mnist-weights.json: ${rounded.length} units`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Two tanh units cannot follow a cubic: bias, and the model-size and depth sweeps find a width and a depth that help.
const POLY_NARROW = `data: { source: poly, samples: 60, degree: 3, noise: 0.1, validation: 0.3 }
model:
  - dense: 2
    activation: tanh
  - dense: 1
loss: mse
optimizer: { type: adam, learning_rate: 0.01 }
train: { epochs: 100 }
`;

/** `backprop diagnose FILE --jsonl` → the StudyResult the host builds from its lines. */
function diagnose(name: string, file: string, shownAs: string): void {
  const jsonl = execFileSync('node', ['bin/backprop.js', 'diagnose', file, '--jsonl', '--backend', 'cpu'], { cwd: root, maxBuffer: 1 << 26, encoding: 'utf8' });
  const lines = jsonl.split('\n').filter(Boolean).map((l) => JSON.parse(l) as StudyEvent | StudySummaryEvent);
  const studies = lines.filter((l): l is StudyEvent => l.type === 'study').map(({ type: _type, ...s }) => s);
  const last = lines[lines.length - 1];
  if (last?.type !== 'study_summary') throw new Error(`${name}: no study_summary line`);
  const { type: _type, cache_key: _key, ...rest } = last;
  // A path that does not depend on where the fixtures were made.
  const result: StudyResult = { ...rest, file: shownAs, studies };
  writeFileSync(path.join(out, `study-${name}.json`), `${JSON.stringify(result, null, 1)}\n`);
  console.log(`study-${name}.json: ${studies.length} studies, ${result.summary?.dominant} dominates, ${result.seconds.toFixed(1)} s`);
}

function studies(): void {
  diagnose('circles-linear', 'examples/circles-linear.nn.yaml', 'examples/circles-linear.nn.yaml');
  const dir = mkdtempSync(path.join(tmpdir(), 'backprop-study-fixtures-'));
  try {
    for (const [name, text] of [['wide-on-noisy', WIDE_ON_NOISY], ['poly-narrow', POLY_NARROW]] as const) {
      const file = path.join(dir, `${name}.nn.yaml`);
      writeFileSync(file, text);
      diagnose(name, file, `${name}.nn.yaml`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The worker's `trial_result` for `examples/EXAMPLE`, with a path that does not depend on where it was made. */
async function tryFixes(example: string, name: string): Promise<void> {
  const child = fork(path.join(root, 'dist/worker.js'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const result = await new Promise<TryResult>((resolve, reject) => {
    child.on('message', (m: WorkerMessage) => { if (m.type === 'trial_result') resolve(m.result); });
    child.on('close', () => reject(new Error(`${name}: the worker sent no trial_result`)));
    child.send({ type: 'try_fixes', file: path.join(root, 'examples', example), workspaceRoot: root, backend: 'cpu' });
  });
  writeFileSync(path.join(out, `try-${name}.json`), `${JSON.stringify(result, null, 1)}\n`);
  console.log(`try-${name}.json: ${result.trials.map((t) => `${t.title.slice(0, 24)}: ${t.status}`).join('; ')}`);
}

async function main(): Promise<void> {
  const which = process.argv.slice(2);
  const all = which.length === 0;
  if (all || which.includes('studies')) studies();
  if (all || which.includes('tries')) await tryFixes('overfitting-5-points.nn.yaml', 'overfitting');
  if (all || which.includes('runs')) {
    train('iris.nn.yaml', 'iris');
    train('overfitting-5-points.nn.yaml', 'overfitting', ['--epochs', '800']);
    train('moons.nn.yaml', 'moons');
    await mnist();
  }
}

void main();
