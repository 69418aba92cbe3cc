// The walkthrough's pictures (media/walkthrough/*.png) from the product's own screenshots:
// the e2e run's workbench shots (test/e2e/screenshots/) and the panel harness's section shots
// (test/webview/screenshots/, `node --import tsx test/webview/shoot.ts --sections moons iris
// study-circles-linear`). Chromium crops and scales them, so no image tool is needed.
// Usage: npm run test:e2e && node --import tsx test/webview/shoot.ts --sections … && node scripts/walkthrough-media.mjs
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../test/vscode/harness/browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const e2e = (name) => join(root, 'test/e2e/screenshots', name);
const panel = (name) => join(root, 'test/webview/screenshots', name);

/** Each picture: its source, the part of it to keep ({ x, y, width, height } in source pixels) and its width. */
const PICTURES = [
  { out: 'new-network-file.png', from: e2e('new-network-file.png'), clip: { x: 0, y: 0, width: 1010, height: 420 }, width: 1000 },
  { out: 'train-iris.png', from: e2e('panel-dark.png'), width: 1000 },
  { out: 'overfitting.png', from: e2e('quick-fixes-dark.png'), width: 1000 },
  { out: 'boundary.png', from: panel('moons-dark-800-picture.png'), width: 640 },
  { out: 'bias-variance.png', from: panel('study-circles-linear-dark-800-studies.png'), clip: { x: 0, y: 0, width: 760, height: 1050 }, width: 600 },
  { out: 'gradients.png', from: panel('iris-dark-800-gradients.png'), width: 640 },
];

const dir = join(root, 'media/walkthrough');
mkdirSync(dir, { recursive: true });
const { browser, page } = await launchBrowser();
try {
  for (const p of PICTURES) {
    const data = readFileSync(p.from);
    const natural = { width: data.readUInt32BE(16), height: data.readUInt32BE(20) }; // the PNG's IHDR
    const clip = p.clip ?? { x: 0, y: 0, ...natural };
    const scale = p.width / clip.width;
    const height = Math.round(clip.height * scale);
    await page.setViewportSize({ width: p.width, height });
    await page.setContent(`<body style="margin:0;overflow:hidden"><div style="width:${p.width}px;height:${height}px;overflow:hidden;position:relative">
      <img src="data:image/png;base64,${data.toString('base64')}" style="position:absolute;left:${-clip.x * scale}px;top:${-clip.y * scale}px;width:${natural.width * scale}px"></div></body>`);
    await page.locator('img').evaluate((img) => img.decode());
    const out = join(dir, p.out);
    await page.screenshot({ path: out, clip: { x: 0, y: 0, width: p.width, height } });
    console.log(`${out.slice(root.length + 1)}  ${p.width}×${height}  ${(statSync(out).size / 1024).toFixed(0)} KiB`);
  }
} finally {
  await browser.close();
}
