// The compact MNIST copy (gzipped IDX, what the packaged extension ships) gives exactly the
// digits the `mnist` package's JSON gives: every pixel bit for bit, every label, the order.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync, gunzipSync } from 'node:zlib';
import { COMPACT_IMAGES, COMPACT_LABELS, compactMnistDir, loadCompactMnist, loadMnist, loadMnistJson, mnistDigitsDir } from '../../src/engine/data/mnist';
import { IMAGES_FILE, LABELS_FILE, writeCompactMnist } from '../../scripts/mnist-compact.mjs';
import { DataError } from '../../src/engine/data/dataset';

describe('compact MNIST', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'backprop-mnist-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const written = writeCompactMnist(dir, mnistDigitsDir());

  it('is written under the names the loader reads, in under 2 MB', () => {
    assert.equal(IMAGES_FILE, COMPACT_IMAGES);
    assert.equal(LABELS_FILE, COMPACT_LABELS);
    assert.equal(written, 10_000);
    const size = statSync(path.join(dir, COMPACT_IMAGES)).size + statSync(path.join(dir, COMPACT_LABELS)).size;
    assert.ok(size < 2_000_000, `${size} bytes`);
  });

  it('decodes to the same dataset as the JSON, bit for bit', async () => {
    const [json, compact] = await Promise.all([loadMnistJson(mnistDigitsDir()), loadCompactMnist(dir)]);
    assert.equal(compact.n, 10_000);
    assert.equal(compact.n, json.n);
    assert.deepEqual(Array.from(compact.y.slice(0, 12)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    assert.ok(Buffer.from(compact.y.buffer).equals(Buffer.from(json.y.buffer)), 'labels differ');
    assert.ok(Buffer.from(compact.x.buffer).equals(Buffer.from(json.x.buffer)), 'pixels differ');
    const { x: _x, y: _y, ...meta } = compact;
    const { x: _jx, y: _jy, ...jsonMeta } = json;
    assert.deepEqual(meta, jsonMeta);
  });

  it('is what loadMnist reads under tsx (no copy beside the sources): the JSON', async () => {
    assert.equal(compactMnistDir(), undefined);
    const d = await loadMnist();
    assert.equal(d.n, 10_000);
  });

  it('reports a damaged file as a data error on data.source', async () => {
    const bad = mkdtempSync(path.join(dir, 'bad-'));
    const images = gunzipSync(readFileSync(path.join(dir, COMPACT_IMAGES)));
    writeFileSync(path.join(bad, COMPACT_IMAGES), gzipSync(images.subarray(0, images.length - 1)));
    writeFileSync(path.join(bad, COMPACT_LABELS), readFileSync(path.join(dir, COMPACT_LABELS)));
    await assert.rejects(loadCompactMnist(bad), (e: unknown) => e instanceof DataError && e.path === 'data.source' && /damaged/.test(e.message));
    writeFileSync(path.join(bad, COMPACT_IMAGES), Buffer.from('not gzip'));
    await assert.rejects(loadCompactMnist(bad), (e: unknown) => e instanceof DataError && /could not be read/.test(e.message));
  });
});
