// Train network: the command forks the worker, the run is stored as it happens, and the
// run's diagnostics land on the lines of network-file.md. Stop, restart and a dying worker.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, diagnosticsOf, fixture, lineOf, setText, startTraining, train, waitFor } from './util';

const events = (runDir: string) => readFileSync(path.join(runDir, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** The worker processes this extension host forked (the suite runs in that host). */
function workerPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes('worker.js')).map((l) => Number(l.trim().split(/\s+/)[0]));
}

describe('training', function () {
  this.timeout(60_000);
  after(closeAllEditors);

  it('trains in a worker process and stores the run (events and weights) in the workspace', async () => {
    const result = await train('overfitting.nn.yaml');
    assert.equal(result.status, 'completed');
    assert.ok(result.runDir && result.runDir.startsWith(path.join(fixture('.').fsPath, '.backprop', 'runs')), result.runDir);
    const stored = events(result.runDir!);
    assert.equal(stored[0].type, 'start');
    assert.equal(stored[0].backend.name, 'cpu', 'the backprop.backend setting of the workspace is used');
    // Epoch 0 (the initial weights), then the 300 epochs of training.
    assert.deepEqual(stored.filter((e) => e.type === 'epoch').map((e) => e.epoch).slice(0, 2), [0, 1]);
    assert.equal(stored.filter((e) => e.type === 'epoch' && e.epoch >= 1).length, 300);
    assert.equal(stored.at(-1).type, 'end');
    assert.ok(existsSync(path.join(result.runDir!, 'weights.json')));
  });

  it('puts the overfitting warning on the `epochs` line, with its evidence and related places', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('overfitting.nn.yaml'));
    const [d] = diagnosticsOf(doc.uri, 'overfitting');
    assert.ok(d, 'an overfitting diagnostic');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.range.start.line, lineOf(doc, 'epochs:'));
    assert.equal(doc.getText(d.range), 'epochs: 300');
    assert.match(d.message, /Overfitting/);
    assert.match(d.message, /lowest validation loss at epoch \d+/);
    assert.ok(d.relatedInformation?.some((r) => r.location.range.start.line === lineOf(doc, 'model:')));
  });

  it('warns about more parameters than training samples on `model`', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('overfitting.nn.yaml'));
    const [d] = diagnosticsOf(doc.uri, 'too_many_parameters');
    assert.ok(d);
    assert.equal(d.range.start.line, lineOf(doc, 'model:'));
    assert.match(d.message, /4,353 parameters/);
  });

  it('puts underfitting on `model` for a linear model of the circles', async () => {
    const result = await train('circles-linear.nn.yaml');
    assert.equal(result.verdict, 'underfitting');
    const doc = await vscode.workspace.openTextDocument(fixture('circles-linear.nn.yaml'));
    const [d] = diagnosticsOf(doc.uri, 'underfitting');
    assert.ok(d);
    assert.equal(d.range.start.line, lineOf(doc, 'model:'));
    assert.match(d.message, /training error \d/);
  });

  it('puts vanishing gradients on the layer\'s item', async () => {
    await train('vanishing.nn.yaml');
    const doc = await vscode.workspace.openTextDocument(fixture('vanishing.nn.yaml'));
    const lines = diagnosticsOf(doc.uri, 'vanishing_gradients').map((d) => d.range.start.line);
    assert.ok(lines.includes(lineOf(doc, '- dense: 8')), `on the first layer's item, got lines ${lines}`);
  });

  it('keeps a training warning on its node while lines are added above it', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('overfitting.nn.yaml'));
    const original = doc.getText();
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, new vscode.Position(0, 0), '# one\n# two\n');
      await vscode.workspace.applyEdit(edit);
      await waitFor('the warning to move', () => diagnosticsOf(doc.uri, 'overfitting')[0]?.range.start.line === lineOf(doc, 'epochs:'));
    } finally {
      await setText(doc, original);
    }
  });

  it('clears the previous run\'s warnings when the next run starts', async () => {
    const uri = fixture('overfitting.nn.yaml');
    assert.ok(diagnosticsOf(uri, 'overfitting').length);
    const run = startTraining('overfitting.nn.yaml');
    await waitFor('the old warning to go', () => diagnosticsOf(uri, 'overfitting').length === 0);
    await run;
    assert.ok(diagnosticsOf(uri, 'overfitting').length, 'and the new run finds it again');
  });

  it('trains the editor\'s unsaved text', async () => {
    const doc = await vscode.workspace.openTextDocument(fixture('circles-linear.nn.yaml'));
    const editor = await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    const line = doc.lineAt(lineOf(doc, 'epochs:'));
    await editor.edit((b) => b.replace(line.range, '  epochs: 7'));
    try {
      assert.ok(doc.isDirty);
      const result = await train('circles-linear.nn.yaml');
      assert.equal(result.epochs, 7);
      assert.equal(events(result.runDir!)[0].epochs, 7);
    } finally {
      await setText(doc, original);
    }
  });

  it('refuses a file with errors without starting a worker', async () => {
    const result = await train('broken.nn.yaml');
    assert.equal(result.status, 'invalid');
    assert.equal(result.runDir, undefined);
  });

  it('reports what the worker finds in the data as a diagnostic', async () => {
    const result = await train('missing-data.nn.yaml');
    assert.equal(result.status, 'invalid');
    const doc = await vscode.workspace.openTextDocument(fixture('missing-data.nn.yaml'));
    const d = await waitFor('a data diagnostic', () => diagnosticsOf(doc.uri).find((x) => x.severity === vscode.DiagnosticSeverity.Error));
    assert.equal(d.range.start.line, lineOf(doc, 'source:'));
  });

  it('Stop training cancels the run, which ends cleanly as cancelled', async () => {
    const before = runDirs('long').length;
    const run = startTraining('long.nn.yaml');
    await epochsOfNext('long', before, 3);
    const stopped = await vscode.commands.executeCommand<boolean>('backprop.stop', fixture('long.nn.yaml'));
    assert.equal(stopped, true);
    const result = await run;
    assert.equal(result.status, 'cancelled');
    assert.equal(events(result.runDir!).at(-1).status, 'cancelled');
  });

  it('restarts a run of the same file (the question answered yes)', async () => {
    const before = runDirs('long').length;
    const first = startTraining('long.nn.yaml');
    await epochsOfNext('long', before, 1);
    const second = startTraining('long.nn.yaml');
    assert.equal((await first).status, 'cancelled');
    await epochsOfNext('long', before + 1, 1);
    await vscode.commands.executeCommand('backprop.stop', fixture('long.nn.yaml'));
    const r2 = await second;
    assert.equal(r2.status, 'cancelled');
    assert.notEqual(r2.runId, undefined);
  });

  it('reports a worker that dies mid-run as crashed, and its run keeps the epochs it finished', async () => {
    const before = runDirs('long').length;
    const run = startTraining('long.nn.yaml');
    await epochsOfNext('long', before, 2);
    const pids = workerPids();
    assert.equal(pids.length, 1, `one worker, got ${pids}`);
    process.kill(pids[0]!, 'SIGKILL');
    const result = await run;
    assert.equal(result.status, 'crashed');
    assert.match(result.message ?? '', /exited unexpectedly \(signal SIGKILL\)/);
    const stored = events(result.runDir!);
    assert.ok(stored.filter((e) => e.type === 'epoch').length >= 2);
    assert.ok(!stored.some((e) => e.type === 'end'), 'no end event: the run reads as interrupted');
  });

  it('kills a worker that does not stop within the grace period after Stop', async () => {
    const before = runDirs('long').length;
    const run = startTraining('long.nn.yaml');
    await epochsOfNext('long', before, 1);
    const [pid] = workerPids();
    // A frozen process stands in for a hung GPU: it never reads the cancel message.
    process.kill(pid!, 'SIGSTOP');
    const t0 = Date.now();
    await vscode.commands.executeCommand('backprop.stop', fixture('long.nn.yaml'));
    const result = await run;
    assert.equal(result.status, 'killed');
    assert.ok(Date.now() - t0 >= 2500, 'after the grace period');
    assert.deepEqual(workerPids(), []);
  });
});

/** Run folders of fixture `name`, oldest first. */
function runDirs(name: string): string[] {
  const root = path.join(fixture('.').fsPath, '.backprop', 'runs');
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((d) => d.endsWith(`_${name}`) || d.includes(`_${name}-`)).sort().map((d) => path.join(root, d));
}

/** Events written so far by the first run of `name` that started after `before` runs. */
function eventsAfter(name: string, before: number): { type: string; epoch?: number }[] {
  const dir = runDirs(name)[before];
  if (!dir || !existsSync(path.join(dir, 'events.jsonl'))) return [];
  return readFileSync(path.join(dir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).flatMap((l) => {
    try { return [JSON.parse(l)]; } catch { return []; }
  });
}

/** Wait until the next run of `name` (after `before` runs) has `epochs` epochs of training (epoch 0 not counted). */
function epochsOfNext(name: string, before: number, epochs: number): Promise<unknown> {
  return waitFor(`${epochs} epochs of ${name}`, () => eventsAfter(name, before).filter((e) => e.type === 'epoch' && (e.epoch ?? 0) >= 1).length >= epochs, 20_000);
}
