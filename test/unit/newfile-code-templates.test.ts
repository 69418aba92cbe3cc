// "Backprop: New network file" also offers code networks: each template compiles, trains a
// few epochs with the engine, and reports curves (and its logged metric) like any run.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as engine from '../../src/engine';
import { loadCodeNetwork } from '../../src/engine/code/load';
import { trainCode } from '../../src/engine/code/trainer';
import type { EpochEvent, TrainEvent } from '../../src/engine/train/events';
import { CODE_TEMPLATES } from '../../src/extension/newFile/codeTemplates';

describe('new network file: code templates', () => {
  it('are .nn.ts files with distinct ids', () => {
    assert.deepEqual(CODE_TEMPLATES.map((t) => [t.id, t.extension]), [['code-mynet', '.nn.ts'], ['code-training-loop', '.nn.ts']]);
  });

  for (const t of CODE_TEMPLATES) {
    it(`${t.id} compiles and trains, its accuracy rising from epoch 0`, async () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'template-')), `${t.id}${t.extension}`);
      writeFileSync(file, t.text);
      const net = await loadCodeNetwork(file, engine as never);
      const events: TrainEvent[] = [];
      const end = await trainCode({ net, file, backend: await engine.init({ backend: 'cpu' }), onEvent: (e) => events.push(e), epochs: 8 });
      assert.equal(end.status, 'completed', end.error);
      const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
      assert.ok(epochs.at(-1)!.validation!.accuracy! > epochs[0].validation!.accuracy! + 0.2, 'it learns');
      if (t.text.includes("log('learning_rate'")) assert.equal(epochs.at(-1)!.metrics?.learning_rate, 0.1);
    });
  }
});
