// Hostile data files: size limits before the memory is spent, values beyond float32, a
// byte-order mark on JSON, and a symbolic link swapped while the file is checked and read.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream, openSync, closeSync, ftruncateSync } from 'node:fs';
import * as path from 'node:path';
import { createGzip } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { loadData } from '../../src/engine/data/index';
import { LIMITS } from '../../src/engine/netfile/limits';
import { dataError, dataSpec, tempWorkspace } from '../fixtures/data/helpers';

const ws = tempWorkspace();
after(() => ws.cleanup());
const write = ws.write;
const load = (source: string, over = {}) => loadData(dataSpec({ source, builtin: false, ...over }), ws.file);

describe('data files: size limits', () => {
  it('a file larger than the limit is refused from its size, without reading it', async () => {
    const p = path.join(ws.dir, 'huge.csv');
    const fd = openSync(p, 'w');
    ftruncateSync(fd, LIMITS.dataFileBytes + 1); // sparse: no disk, no memory
    closeSync(fd);
    await assert.rejects(load('huge.csv'), dataError('data.source', /larger than 256 MiB, the limit for a data file/));
  });

  it('a small .gz that unpacks past the limit stops at the limit', async () => {
    const p = path.join(ws.dir, 'bomb.csv.gz');
    const gz = createGzip({ level: 1 });
    const done = new Promise<void>((r) => { gz.pipe(createWriteStream(p)).on('finish', () => r()); });
    gz.write('a,b\n');
    const zeros = Buffer.alloc(1 << 20, 0x30);
    for (let i = 0; i <= LIMITS.dataFileBytes / zeros.length; i++) gz.write(zeros);
    gz.end();
    await done;
    await assert.rejects(load('bomb.csv.gz'), dataError('data.source', /bomb\.csv\.gz unpacks to more than 256 MiB/));
  });

  it('more columns, or rows, than the limits say', async () => {
    const header = Array.from({ length: LIMITS.features + 2 }, (_, i) => `c${i}`).join(',');
    write('wide.csv', `${header}\n${header.replace(/c\d+/g, '1')}\n`);
    await assert.rejects(load('wide.csv'), dataError('data.source', /wide\.csv has 10,001 input features, over the limit of 10,000/));
    write('long.csv', `x,y\n${'1,0\n'.repeat(LIMITS.samples + 1)}`);
    await assert.rejects(load('long.csv'), dataError('data.source', /long\.csv has more than 1,000,000 rows/));
    const items = JSON.stringify(Array.from({ length: 2 }, () => ({ input: new Array(LIMITS.features + 1).fill(0), output: 1 })));
    write('wide.json', items);
    await assert.rejects(load('wide.json'), dataError('data.source', /wide\.json has 10,001 input features/));
  });
});

describe('data files: values', () => {
  it('a CSV value beyond float32 is an error at its line, row and column', async () => {
    write('big.csv', 'a,b,y\n1,2,0\n3,1e39,1\n');
    await assert.rejects(load('big.csv'), dataError('data.source', /^big\.csv:3: feature column "b" has 1e39 \(row 2\), beyond the range of 32-bit floats/));
    write('bigtarget.csv', 'a,y\n1,0.5\n3,-1e39\n');
    await assert.rejects(load('bigtarget.csv'), dataError('data.source', /^bigtarget\.csv:3: the target column "y" has -1e39 \(row 2\)/));
    // The largest float32 still fits.
    write('max.csv', 'a,y\n3.4028234e38,0\n1,1\n');
    assert.equal((await load('max.csv')).train.n, 2);
  });

  it('a JSON value beyond float32 is an error at its item and index', async () => {
    write('big.json', JSON.stringify([{ input: [1, 2], output: 0 }, { input: [1, 1e39], output: 1 }]));
    await assert.rejects(load('big.json'), dataError('data.source', /big\.json: item 1: "input"\[1\] is 1e\+39, beyond the range of 32-bit floats/));
    write('bigout.json', JSON.stringify([{ input: [1], output: [0.5, 1] }, { input: [1], output: [2e38, 1e40] }]));
    await assert.rejects(load('bigout.json'), dataError('data.source', /item 1: "output"\[1\] is 1e\+40/));
  });

  it('JSON with a UTF-8 byte-order mark is read, as CSV is', async () => {
    write('bom.json', `\uFEFF${JSON.stringify([{ input: [1, 2], output: 0 }, { input: [3, 4], output: 1 }])}`);
    const { train } = await load('bom.json');
    assert.equal(train.n, 2);
    assert.deepEqual([...train.x].sort(), [1, 2, 3, 4]); // in the split's shuffled order
  });
});

describe('data files: a value that never ends', () => {
  it('a CSV value longer than the limit is an error at its line, found without building it up', async () => {
    // Found by the fuzz suite: one 250 MB field (a .gz bomb of digits) ran out of memory.
    write('longvalue.csv', `a,y\n1,0\n2,${'1'.repeat(LIMITS.csvValueChars * 50)}\n`);
    const t0 = performance.now();
    await assert.rejects(load('longvalue.csv'), dataError('data.source', /^longvalue\.csv:3: a value longer than 10,000 characters/));
    assert.ok(performance.now() - t0 < 2000);
    // At the limit, still a value (here a class name).
    write('atlimit.csv', `a,y\n1,${'c'.repeat(LIMITS.csvValueChars)}\n2,d\n`);
    assert.equal((await load('atlimit.csv')).train.n, 2);
  });
});

describe('data files: a link swapped between check and read', () => {
  it('never reads the file outside the workspace', { timeout: 120_000 }, async () => {
    const inside = write('ws/inside.csv', 'a,y\n1,0\n2,1\n');
    const outside = write('outside/secret.csv', 'a,y\n666,0\n667,1\n');
    const link = path.join(ws.dir, 'ws', 'data.csv');
    const net = path.join(ws.dir, 'ws', 'net.nn.yaml');
    // A separate process flips data.csv between the inside file and the outside one, each time
    // atomically (a new link renamed over the old), as fast as it can.
    const swapper = spawn(process.execPath, ['-e', `
      const fs = require('fs');
      const [link, a, b] = process.argv.slice(1);
      for (let i = 0; ; i++) {
        const tmp = link + '.tmp';
        try { fs.unlinkSync(tmp); } catch {}
        fs.symlinkSync(i % 2 ? a : b, tmp);
        fs.renameSync(tmp, link);
      }`, link, inside, outside], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      let insideReads = 0;
      for (let i = 0; i < 300; i++) {
        try {
          const { train } = await loadData(dataSpec({ source: 'data.csv', builtin: false }), net);
          assert.ok(Math.max(...train.x) < 666, `read the outside file on try ${i}`);
          insideReads++;
        } catch (e) {
          if (e instanceof assert.AssertionError) throw e;
          assert.match((e as Error).message, /outside the workspace|not found|Cannot read/);
        }
      }
      assert.ok(insideReads > 0, 'the inside file was read at least once');
    } finally {
      swapper.kill();
    }
  });
});
