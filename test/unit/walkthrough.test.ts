// The Get started walkthrough (package.json contributes.walkthroughs): its pictures exist and
// stay small, and every command its buttons and completion events name is contributed (with
// arguments the command understands).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { templateById } from '../../src/extension/newFile/templates';

interface Step { id: string; title: string; description: string; media: { image?: string; markdown?: string; altText?: string }; completionEvents?: string[] }
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const walkthrough = manifest.contributes.walkthroughs[0] as { id: string; title: string; steps: Step[] };
const contributed = new Set((manifest.contributes.commands as { command: string }[]).map((c) => c.command));

/** `[label](command:id?args)` links of a step's description: id and decoded arguments. */
function commandLinks(step: Step): { id: string; args: unknown[] }[] {
  return [...step.description.matchAll(/\]\(command:([\w.]+)(?:\?([^)]*))?\)/g)]
    .map((m) => ({ id: m[1]!, args: m[2] ? JSON.parse(decodeURIComponent(m[2])) as unknown[] : [] }));
}

describe('walkthrough', () => {
  it('is the one walkthrough, with the six steps of a first session', () => {
    assert.equal(manifest.contributes.walkthroughs.length, 1);
    assert.equal(walkthrough.id, 'gettingStarted');
    assert.equal(walkthrough.title, 'Get started with Backprop');
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['create', 'trainIris', 'overfit', 'boundary', 'biasVariance', 'gradients']);
  });

  it('has a PNG for every step, each no wider than 1000 px, under 1.5 MB together', () => {
    let total = 0;
    for (const step of walkthrough.steps) {
      const file = step.media.image;
      assert.ok(file && existsSync(file), `${step.id}: ${file}`);
      const bytes = readFileSync(file);
      assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', file);
      assert.ok(bytes.readUInt32BE(16) <= 1000, `${file} is ${bytes.readUInt32BE(16)} px wide`);
      assert.ok((step.media.altText ?? '').length > 20, `${step.id} says what its picture shows`);
      total += statSync(file).size;
    }
    assert.ok(total < 1.5e6, `${total} bytes`);
  });

  it('names only contributed commands, in buttons and completion events', () => {
    const named = walkthrough.steps.flatMap((s) => [
      ...commandLinks(s).map((l) => l.id),
      ...(s.completionEvents ?? []).map((e) => e.replace(/^onCommand:/, '')),
    ]);
    assert.ok(named.length >= 10);
    for (const id of named) assert.ok(contributed.has(id), id);
    const steps = new Map(walkthrough.steps.map((s) => [s.id, commandLinks(s).map((l) => l.id)]));
    assert.deepEqual(steps.get('create'), ['backprop.newNetworkFile']);
    assert.ok(steps.get('biasVariance')!.includes('backprop.diagnose'));
  });

  it('creates the lesson\'s file through New network file with a template that exists', () => {
    const templates = walkthrough.steps.flatMap((s) => commandLinks(s).filter((l) => l.id === 'backprop.newNetworkFile' && l.args.length > 0))
      .map((l) => (l.args[1] as { template: string }).template);
    assert.deepEqual(templates, ['iris', 'overfitting-5-dots', 'moons']);
    for (const t of templates) assert.ok(templateById(t), t);
  });
});
