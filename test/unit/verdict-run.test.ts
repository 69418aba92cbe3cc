// The verdict's diagnostics around a whole run (CPU): what early stopping prevented, a
// provisional warning withdrawn (on made curves), and the parameter caution restated once the run has shown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareRun } from '../../src/engine';
import { verdictDiagnostics } from '../../src/engine/train/outcome';
import { judge, type EpochRecord, type VerdictFacts } from '../../src/engine/train/verdict';
import { networkFile, trainFile } from '../helpers/run';

const fivePoints = (train: string) => `data: { source: poly, samples: 25, noise: 0.3, validation: 0.8 }
model:
  - dense: 64
    activation: tanh
  - dense: 64
    activation: tanh
  - dense: 1
loss: mse
optimizer: { type: adam, learning_rate: 0.01 }
train:
  batch_size: 5
${train}
`;

describe('verdict diagnostics of a run', () => {
  it('does not claim early stopping prevented overfitting when the restored epoch overfits itself', async () => {
    // Monitoring the training loss with a large min_delta restores an epoch long after the
    // validation loss turned: the weights it keeps are overfit.
    const r = await trainFile(networkFile(fivePoints('  epochs: 600\n  early_stopping: { monitor: loss, patience: 100, min_delta: 0.01 }')));
    assert.ok(r.end.best_epoch < r.end.epochs, `restored epoch ${r.end.best_epoch} of ${r.end.epochs}`);
    assert.equal(r.end.verdict, 'overfitting');
    assert.ok(!r.diagnostics.some((d) => d.evidence.prevented === true), 'no "prevented" claim');
  });

  it('restates the parameter caution after the run: confirmed when the run overfits', async () => {
    const r = await trainFile(networkFile(fivePoints('  epochs: 400')));
    const cautions = r.diagnostics.filter((d) => d.kind === 'too_many_parameters');
    assert.equal(cautions.length, 2);
    assert.equal(cautions[1].evidence.after_run, true);
    assert.equal(cautions[1].evidence.confirmed, true);
    assert.equal(cautions[1].severity, 'warning');
    const verdict = r.diagnostics.find((d) => d.kind === 'overfitting' && !d.evidence.provisional)!;
    assert.ok(typeof verdict.evidence.since_epoch === 'number' && verdict.evidence.since_epoch <= r.end.epochs);
    assert.ok(verdict.advice && verdict.advice.length >= 2, 'advice as a list');
  });

  it('steps the parameter caution down when validation shows no overfitting', async () => {
    const r = await trainFile('examples/iris.nn.yaml');
    const after = r.diagnostics.filter((d) => d.kind === 'too_many_parameters').pop()!;
    assert.equal(r.end.verdict, 'good_fit');
    assert.equal(after.evidence.after_run, true);
    assert.equal(after.severity, 'info');
    assert.match(after.message, /validation did not show overfitting/);
  });

  it('withdraws a provisional overfitting warning in words when the end no longer shows it', async () => {
    // Curves made by hand (no seed reliably overfits and then recovers): the validation loss
    // rises 3.75× by epoch 40, when the warning is shown, and is back at its minimum by epoch 100.
    const p = await prepareRun(networkFile(fivePoints('  epochs: 100')), {});
    assert.ok(p.ok);
    const history: EpochRecord[] = Array.from({ length: 100 }, (_, i) => {
      const e = i + 1;
      const val = e <= 10 ? 0.08 : e <= 40 ? 0.08 + 0.22 * (e - 10) / 30 : Math.max(0.08, 0.3 - 0.22 * (e - 40) / 50);
      return { epoch: e, train: { loss: 0.05 }, validation: { loss: val } };
    });
    const facts: VerdictFacts = { task: 'regression', baselineError: 1, baselineLoss: 1, validationSamples: 20 };
    assert.equal(judge(history, 40, facts).verdict, 'overfitting', 'overfit at the warning');
    const { verdict, diagnostics } = verdictDiagnostics(p.spec, history, 100, facts, { restored: false, provisionalEpoch: 40 });
    assert.equal(verdict, 'good_fit');
    const final = diagnostics.find((d) => d.kind === 'good_fit')!;
    assert.equal(final.evidence.withdrawn_epoch, 40);
    assert.match(final.message, /warning shown at epoch 40 is withdrawn/);
  });
});
