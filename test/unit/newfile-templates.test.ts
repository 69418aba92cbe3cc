// "Backprop: New network file" offers the lessons' setups: each template must pass the
// engine's checker as written, and be the model its label names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseNetworkFile } from '../../src/engine/netfile/index';
import { CSV_PLACEHOLDER, TEMPLATES, templateById } from '../../src/extension/newFile/templates';
import { checkText, describeDiagnostics, placeholderCsv } from './check-text';

function units(id: string): number[] {
  const spec = parseNetworkFile(templateById(id)!.text, '/w/t.nn.yaml').spec!;
  return spec.model.flatMap((l) => (l.kind === 'dense' ? [l.units] : []));
}

describe('new network file: templates', () => {
  it('offer the lessons\' setups, each id once', () => {
    const ids = TEMPLATES.map((t) => t.id);
    assert.deepEqual(ids, ['iris', 'moons', 'circles', 'overfitting-5-dots', 'mnist-1-layer', 'mnist-2-layers', 'mnist-3-layers', 'csv-classifier', 'csv-regressor', 'minimal']);
    for (const t of TEMPLATES) assert.match(t.text, /^# \S/, `${t.id} starts with a comment saying what it is`);
  });

  for (const t of TEMPLATES) {
    it(`${t.id} passes backprop check`, async () => {
      const csv: Record<string, string> = t.text.includes(CSV_PLACEHOLDER) ? { [CSV_PLACEHOLDER]: placeholderCsv() } : {};
      const r = await checkText(t.text, csv);
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      assert.equal(errors.length, 0, describeDiagnostics(errors));
      assert.equal(r.ok, true);
      // "More parameters than samples" is a caution the CLI's check does not print (most small
      // data sets raise it); any other warning would greet the user on a fresh file.
      const warnings = r.diagnostics.filter((d) => d.severity !== 'error' && d.code !== 'too_many_parameters');
      assert.equal(warnings.length, 0, describeDiagnostics(warnings));
    });
  }

  it('MNIST with 1, 2 and 3 layers has 1, 2 and 3 dense layers ending in 10 units', () => {
    assert.deepEqual(units('mnist-1-layer'), [10]);
    assert.deepEqual(units('mnist-2-layers'), [100, 10]);
    assert.deepEqual(units('mnist-3-layers'), [100, 50, 10]);
  });

  it('the 5 dots train on 5 points with one output, without early stopping', () => {
    const spec = parseNetworkFile(templateById('overfitting-5-dots')!.text, '/w/t.nn.yaml').spec!;
    assert.deepEqual([spec.data.source, spec.data.options.samples, spec.data.validation, spec.loss, spec.train.earlyStopping], ['poly', 25, 0.8, 'mse', null]);
    assert.equal(units('overfitting-5-dots').at(-1), 1);
  });

  it('the CSV templates name the placeholder file and the task', () => {
    for (const [id, task] of [['csv-classifier', 'classification'], ['csv-regressor', 'regression']] as const) {
      const spec = parseNetworkFile(templateById(id)!.text, '/w/t.nn.yaml').spec!;
      assert.deepEqual([spec.data.source, spec.data.task], [CSV_PLACEHOLDER, task]);
    }
  });
});
