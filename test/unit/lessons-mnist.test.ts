// The AI for Beginners MNIST lab as examples (examples/lessons/mnist-*.nn.yaml): 1, 2 and 3
// layers on the 10,000 bundled digits, 10 epochs each on the CPU backend (about a minute in
// all), reach the lesson's validation accuracies 90.0 / 92.7 / 93.9 % within 1 point.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trainFile } from '../helpers/run';

const LESSON: Array<[string, number]> = [['mnist-1-layer', 0.9], ['mnist-2-layers', 0.927], ['mnist-3-layers', 0.939]];

describe('lessons: MNIST lab with 1, 2 and 3 layers', () => {
  const reached: number[] = [];
  for (const [name, lesson] of LESSON) {
    it(`${name} reaches ${(lesson * 100).toFixed(1)} % validation accuracy within 1 point`, async () => {
      const r = await trainFile(`examples/lessons/${name}.nn.yaml`);
      assert.equal(r.epochs.at(-1)!.epoch, 10);
      const acc = r.end.final!.validation!.accuracy!;
      assert.ok(Math.abs(acc - lesson) <= 0.01, `${name}: ${acc} vs the lesson's ${lesson}`);
      reached.push(acc);
    });
  }
  it('each layer adds accuracy, as in the lesson', () => {
    assert.equal(reached.length, 3);
    assert.ok(reached[0] < reached[1] && reached[1] < reached[2], reached.join(' < '));
  });
});
