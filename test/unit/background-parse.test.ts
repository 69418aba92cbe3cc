// The editor's as-you-type parse on a worker thread (src/extension/language/backgroundParse.ts):
// the same results as parsing in place, stale requests dropped, and the host's event loop
// never blocked for 100 ms while hostile text is parsed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseNetworkFile } from '../../src/engine/netfile';
import { BackgroundParser } from '../../src/extension/language/backgroundParse';
import { bundleParseWorker, hostileNetworkFile, loopBlockProbe } from '../helpers/typing';

const FILE = '/ws/net.nn.yaml';
let script = '';
let parser: BackgroundParser;

describe('as-you-type parsing on a worker thread', () => {
  before(() => {
    script = bundleParseWorker();
    parser = new BackgroundParser(script);
  });
  after(() => parser.dispose());

  it('gives what parsing in place gives, for every example', async () => {
    for (const f of readdirSync('examples').filter((x) => x.endsWith('.nn.yaml'))) {
      const text = readFileSync(path.join('examples', f), 'utf8');
      const got = await parser.parse(f, text, FILE, '/ws');
      assert.deepEqual(got, parseNetworkFile(text, FILE, { workspaceRoot: '/ws' }), f);
      assert.ok(got?.spec, f);
    }
  });

  it('drops a request a newer edit of the same document overtook, before parsing it', async () => {
    const texts = [8, 16, 32].map((n) => `data: moons\nmodel:\n  - dense: ${n}\n    activation: relu\n  - dense: 2\n    activation: softmax\n`);
    const [first, second, third] = await Promise.all(texts.map((t) => parser.parse('doc', t, FILE)));
    const units = (r: typeof first) => { const l = r?.spec?.model[0]; return l?.kind === 'dense' ? l.units : undefined; };
    assert.equal(units(first), 8); // already running when the others came
    assert.equal(second, undefined);
    assert.equal(units(third), 32);
  });

  it('never blocks the event loop for 100 ms while hostile 64 KB files are parsed', async () => {
    const hostile = hostileNetworkFile();
    const t0 = performance.now();
    parseNetworkFile(hostile, FILE);
    const inPlaceMs = performance.now() - t0;
    await parser.parse('warm-up', hostile, FILE); // the worker's first parse compiles the parser
    // Three rounds of three parses; the median round's longest block, so that one hiccup of a
    // busy shared machine (an idle loop here sees 10-40 ms) does not decide.
    const rounds: number[] = [];
    for (let round = 0; round < 3; round++) {
      const probe = loopBlockProbe();
      const results = await Promise.all([0, 1, 2].map((i) => parser.parse(`hostile-${i}`, `${hostile}\n# ${round}`, FILE)));
      rounds.push(probe.stop());
      assert.ok(results.every((r) => r && r.diagnostics.length > 0));
    }
    const blocked = rounds.sort((a, b) => a - b)[1]!;
    console.log(`# hostile ${hostile.length} characters: ${inPlaceMs.toFixed(0)} ms parsed in place; longest event-loop block while 3 parse on the worker ${rounds.map((r) => r.toFixed(1)).join(' / ')} ms`);
    assert.ok(blocked < 100, `the event loop was blocked for ${blocked.toFixed(0)} ms`);
  });

  it('gives up a parse that overruns its time box, and parses again afterwards', async () => {
    const boxed = new BackgroundParser(script, 1);
    try {
      assert.equal(await boxed.parse('a', hostileNetworkFile(), FILE), undefined);
    } finally {
      boxed.dispose();
    }
    assert.equal(await boxed.parse('a', 'data: iris\n', FILE), undefined, 'disposed');
    assert.ok((await parser.parse('b', 'data: iris\nmodel:\n  - dense: 3\n    activation: softmax\n', FILE))?.spec);
  });
});
