import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadData } from '../../src/engine/data/index';
import { classCounts, dataError, dataSpec, tempWorkspace } from '../fixtures/data/helpers';

const FIXTURES = path.resolve(__dirname, '../fixtures/data');
const NET = path.join(FIXTURES, 'net.nn.yaml'); // never read: only its folder matters
const file = (source: string, over = {}) => dataSpec({ source, builtin: false, ...over });

const ws = tempWorkspace();
after(() => ws.cleanup());
const write = ws.write;

/** An IDX file: magic 0, 0, 0x08 (ubyte), rank; big-endian dims; then the bytes. */
function idx(dims: number[], values: number[]): Uint8Array {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 0x08;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Uint8Array.from(values)]);
}

describe('CSV files', () => {
  it('reads features and text labels, numbering classes alphabetically', async () => {
    const { train } = await loadData(file('flowers.csv', { limit: 6 }), NET);
    assert.equal(train.n, 6);
    assert.deepEqual(train.featureNames, ['height', 'width', 'color code']);
    assert.equal(train.task, 'classification');
    assert.deepEqual(train.classNames, ['daisy', 'rose', 'tulip']);
    assert.deepEqual(classCounts(train), [2, 2, 2]);
  });

  it('takes the target and features the network file names', async () => {
    const { train } = await loadData(file('flowers.csv', { target: 'height', features: ['width'] }), NET);
    assert.equal(train.task, 'regression'); // non-integer numbers
    assert.equal(train.features, 1);
    assert.deepEqual([...train.y].sort(), [0.9, 1.0, 1.1, 1.5, 2.0, 2.2].map(Math.fround));
    const codes = await loadData(file('flowers.csv', { target: 'color code', features: ['width'] }), NET);
    assert.equal(codes.train.task, 'classification'); // integers, few distinct values
    assert.deepEqual(codes.train.classNames, ['3', '4', '5']);
  });

  it('names a missing target or feature column at data.target / data.features, with a suggestion', async () => {
    await assert.rejects(loadData(file('flowers.csv', { target: 'knd' }), NET),
      dataError('data.target', /"knd".*did you mean "kind"\?/i));
    await assert.rejects(loadData(file('flowers.csv', { features: ['height', 'widht'] }), NET),
      dataError('data.features', /did you mean "width"\?.*Columns: height, width, color code, kind/i));
    await assert.rejects(loadData(file('flowers.csv', { features: ['kind'] }), NET), dataError('data.features', /target/));
  });

  it('names the column and row of a non-numeric feature', async () => {
    write('bad.csv', 'a,b,label\n1,2,x\n3,oops,y\n');
    await assert.rejects(loadData(file('bad.csv'), ws.file), dataError('data.source', /bad\.csv:3: .*"b".*"oops" \(row 2\)/));
    await assert.rejects(loadData(file('bad.csv', { features: ['a', 'b'] }), ws.file), dataError('data.features', /"b"/));
  });

  it('handles quotes, semicolons, CRLF and blank lines; rejects ragged rows', async () => {
    write('quoted.csv', '"x";"the label"\r\n1.5;"a ""b"""\r\n\r\n2;c\r\n');
    const { train } = await loadData(file('quoted.csv'), ws.file);
    assert.equal(train.n, 2);
    assert.deepEqual(train.featureNames, ['x']);
    assert.deepEqual(train.classNames, ['a "b"', 'c']);
    write('ragged.csv', 'a,b\n1,2\n3\n');
    await assert.rejects(loadData(file('ragged.csv'), ws.file), dataError('data.source', /ragged\.csv:3: expected 2 values/));
  });

  it('infers regression for many distinct integers, and obeys an explicit task', async () => {
    write('many.csv', 'x,y\n' + Array.from({ length: 30 }, (_, i) => `${i},${i * 3}`).join('\n'));
    assert.equal((await loadData(file('many.csv'), ws.file)).train.task, 'regression');
    const forced = await loadData(file('many.csv', { task: 'classification' }), ws.file);
    assert.equal(forced.train.classes, 30); // 0, 3, … 87 in ascending order
    await assert.rejects(loadData(file('flowers.csv', { task: 'regression' }), NET), dataError('data.task'));
  });

  it('numbers integer labels as themselves when dense, else in ascending order', async () => {
    write('gap.csv', 'x,y\n1,0\n2,1\n3,3\n');
    const gap = (await loadData(file('gap.csv'), ws.file)).train;
    assert.deepEqual(gap.classNames, ['0', '1', '2', '3']); // class 2 is absent but keeps its index
    write('one-based.csv', 'x,y\n1,1\n2,2\n3,3\n');
    const one = (await loadData(file('one-based.csv', { limit: 3 }), ws.file)).train;
    assert.deepEqual(one.classNames, ['1', '2', '3']);
    assert.deepEqual(Array.from(one.y).sort(), [0, 1, 2]);
  });

  it('uses a separate validation file, with the same class numbering and no split', async () => {
    write('train.csv', 'f,label\n1,b\n2,b\n3,c\n');
    write('val.csv', 'f,label\n4,a\n5,c\n');
    const s = await loadData(file('train.csv', { validation: 'val.csv', normalize: 'standard' }), ws.file);
    assert.equal(s.train.n, 3);
    assert.equal(s.validation!.n, 2);
    assert.deepEqual(s.train.classNames, ['a', 'b', 'c']);
    assert.deepEqual(Array.from(s.validation!.y), [0, 2]);
    assert.equal(s.normalization.offset[0], 2); // training mean only
  });
});

describe('JSON files', () => {
  it('reads {input, output} items', async () => {
    const { train } = await loadData(file('points.json'), NET);
    assert.equal(train.n, 4);
    assert.equal(train.features, 2);
    assert.equal(train.task, 'classification');
    assert.equal(train.classes, 2);
  });

  it('reads array outputs as several regression targets, one-hot arrays as classes', async () => {
    write('multi.json', JSON.stringify([{ input: [1], output: [0.5, 2] }, { input: [2], output: [1.5, 3] }]));
    const m = (await loadData(file('multi.json'), ws.file)).train;
    assert.equal(m.task, 'regression');
    assert.equal(m.targets, 2);
    assert.equal(m.y.length, 4);
    write('onehot.json', JSON.stringify([{ input: [1], output: [0, 1, 0] }, { input: [2], output: [0, 0, 1] }]));
    const o = (await loadData(file('onehot.json', { limit: 2 }), ws.file)).train;
    assert.equal(o.classes, 3);
    assert.deepEqual([...o.y].sort(), [1, 2]);
  });

  it('points at the item that is wrong', async () => {
    write('broken.json', JSON.stringify([{ input: [1, 2], output: 0 }, { input: [1], output: 1 }]));
    await assert.rejects(loadData(file('broken.json'), ws.file), dataError('data.source', /item 1: "input" has 1 numbers/));
  });
});

describe('IDX pairs', () => {
  const pixels = [0, 255, 51, 102, 0, 0, 0, 0, 255, 255, 255, 255]; // three 2×2 images
  const labels = [0, 1, 0];

  for (const gz of [false, true]) {
    it(`round-trips a tiny images/labels pair${gz ? ' (gzipped)' : ''}`, async () => {
      const enc = (b: Uint8Array) => (gz ? gzipSync(b) : b);
      const ext = gz ? '.gz' : '';
      write(`idx/imgs-idx3-ubyte${ext}`, enc(idx([3, 2, 2], pixels)));
      write(`idx/lbls-idx1-ubyte${ext}`, enc(idx([3], labels)));
      const spec = dataSpec({ source: '', builtin: false, images: `idx/imgs-idx3-ubyte${ext}`, labels: `idx/lbls-idx1-ubyte${ext}`, limit: 3 });
      const { train } = await loadData(spec, ws.file);
      assert.equal(train.n, 3);
      assert.equal(train.features, 4);
      assert.deepEqual(train.inputShape, [2, 2]);
      assert.equal(train.classes, 2);
      const rows = Array.from({ length: 3 }, (_, r) => [...train.x.subarray(r * 4, r * 4 + 4), train.y[r]].join());
      const expected = [0, 1, 2].map((r) => [...pixels.slice(r * 4, r * 4 + 4).map((p) => Math.fround(p / 255)), labels[r]].join());
      assert.deepEqual(rows.sort(), expected.sort());
    });
  }

  it('takes a separate validation pair by MNIST naming (…images… → …labels…)', async () => {
    write('idx/train-images-idx3-ubyte', idx([3, 2, 2], pixels));
    write('idx/train-labels-idx1-ubyte', idx([3], labels));
    write('idx/val-images-idx3-ubyte', idx([1, 2, 2], [1, 2, 3, 4]));
    write('idx/val-labels-idx1-ubyte', idx([1], [1]));
    const s = await loadData(dataSpec({ source: '', builtin: false, images: 'idx/train-images-idx3-ubyte',
      labels: 'idx/train-labels-idx1-ubyte', validation: 'idx/val-images-idx3-ubyte' }), ws.file);
    assert.equal(s.train.n, 3);
    assert.equal(s.validation!.n, 1);
    assert.deepEqual(Array.from(s.validation!.y), [1]);
  });

  it('rejects a wrong magic number, a count mismatch and a truncated file', async () => {
    write('idx/bad-images', Uint8Array.from([0, 0, 0x0d, 3, 0, 0, 0, 1]));
    write('idx/img', idx([3, 2, 2], pixels));
    write('idx/two-labels', idx([2], [0, 1]));
    write('idx/short', idx([3, 2, 2], pixels.slice(0, 5)));
    const pair = (images: string, labels: string) => dataSpec({ source: '', builtin: false, images, labels });
    await assert.rejects(loadData(pair('idx/bad-images', 'idx/two-labels'), ws.file), dataError('data.images', /0xd/));
    await assert.rejects(loadData(pair('idx/img', 'idx/two-labels'), ws.file), dataError('data.labels', /2 labels but .* 3 images/));
    await assert.rejects(loadData(pair('idx/short', 'idx/two-labels'), ws.file), dataError('data.images', /only 5 follow/));
  });
});

describe('data paths', () => {
  it('resolves relative to the network file', async () => {
    write('sub/dir/d.csv', 'a,y\n1,0\n2,1\n');
    write('sub/net2.nn.yaml', '');
    const s = await loadData(file('dir/d.csv'), path.join(ws.dir, 'sub/net2.nn.yaml'), ws.dir);
    assert.equal(s.train.n, 2);
  });

  it('rejects a path outside the workspace folder, also through a symbolic link', async () => {
    await assert.rejects(loadData(file('../flowers.csv'), path.join(FIXTURES, 'sub/net.nn.yaml'), path.join(FIXTURES, 'sub')),
      dataError('data.source', /outside the workspace folder/));
    await assert.rejects(loadData(file('/etc/passwd.csv'), ws.file), dataError('data.source', /outside the workspace folder/));
    symlinkSync(path.join(FIXTURES, 'flowers.csv'), path.join(ws.dir, 'link.csv'));
    await assert.rejects(loadData(file('link.csv'), ws.file), dataError('data.source', /outside the workspace folder/));
    // The default workspace is the network file's folder; a wider one lets the file in.
    const wide = await loadData(file('../data/flowers.csv'), NET, path.resolve(FIXTURES, '..'));
    assert.equal(wide.train.n, 6);
  });

  it('names the resolved path of a missing file, and the unsupported kinds', async () => {
    await assert.rejects(loadData(file('nope.csv'), ws.file), dataError('data.source', new RegExp(`not found: ${ws.dir}/nope\\.csv`)));
    await assert.rejects(loadData(file('flowers.csv', { validation: 'missing.csv' }), NET), dataError('data.validation', /missing\.csv/));
    write('x.parquet', '');
    await assert.rejects(loadData(file('x.parquet'), ws.file), dataError('data.source', /Unsupported/));
    await assert.rejects(loadData(file('flowers.csv', { options: { noise: 1 } }), NET), dataError('data.noise'));
  });
});
