// Regenerates the panel's fixtures from real training runs (run after `npm run build`):
//   node --import tsx test/webview/make-fixtures.ts
// iris (early stopping, good fit), the 5-point overfitting lesson at 800 epochs (regression,
// overfitting) and 3 epochs of MNIST (images: its first layer's weights too).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { firstLayerUnits } from '../../src/extension/firstLayer';

const root = path.resolve(__dirname, '../..');
const out = path.join(__dirname, 'fixtures');

function train(example: string, name: string, extra: string[] = [], save?: string): void {
  const args = ['bin/backprop.js', 'train', `examples/${example}`, '--jsonl', '--backend', 'cpu', ...extra, ...(save ? ['--out', save] : ['--no-save'])];
  const jsonl = execFileSync('node', args, { cwd: root, maxBuffer: 1 << 28, encoding: 'utf8' });
  writeFileSync(path.join(out, `${name}.jsonl`), jsonl);
  console.log(`${name}.jsonl: ${jsonl.split('\n').filter(Boolean).length} events`);
}

train('iris.nn.yaml', 'iris');
train('overfitting-5-points.nn.yaml', 'overfitting', ['--epochs', '800']);
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

void mnist();
