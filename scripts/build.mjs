// One esbuild call per target (ARCHITECTURE.md, style 6). Node targets are CommonJS with
// `vscode` and the native `webgpu` addon left external; webview targets are browser IIFEs.
// The CPU backend's WebAssembly kernels are compiled first, from AssemblyScript, to
// dist/kernels.wasm (src/engine/backends/cpu/wasm/README.md). The built-in MNIST digits are
// written compactly to dist/mnist/ (scripts/mnist-compact.mjs), what the bundles read.
// Usage: node scripts/build.mjs [--watch] [--minify]
import asc from 'assemblyscript/asc';
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { IMAGES_FILE, LABELS_FILE, mnistPackageDigits, writeCompactMnist } from './mnist-compact.mjs';
import { writePluginPackage } from './plugin-package.mjs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const node = { platform: 'node', define: { VERSION: JSON.stringify(pkg.version) }, format: 'cjs', target: 'node20', bundle: true, sourcemap: true, minify,
  external: ['vscode', 'webgpu', 'esbuild', 'esbuild-wasm', '@tensorflow/*'], logLevel: 'warning' };
const browser = { platform: 'browser', format: 'iife', target: 'es2022', bundle: true, sourcemap: true, minify,
  logLevel: 'warning' };

const targets = [
  { ...node, entryPoints: ['src/engine/index.ts'], outfile: 'dist/engine.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  { ...node, entryPoints: ['src/worker/main.ts'], outfile: 'dist/worker.js' },
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' },
  { ...node, entryPoints: ['src/extension/language/parseWorker.ts'], outfile: 'dist/parse-worker.js' },
  { ...node, entryPoints: ['src/ts-plugin/index.ts'], outfile: 'dist/ts-plugin.js' },
  { ...browser, entryPoints: ['webview/panel/main.ts'], outfile: 'dist/webview/panel.js' },
  { ...browser, entryPoints: ['webview/sidebar/main.ts'], outfile: 'dist/webview/sidebar.js' },
].filter((t) => existsSync(t.entryPoints[0]));

// Shared memory so worker threads can run one product together; SIMD, no relaxed SIMD (its
// results may differ between machines). No GC runtime: JavaScript lays out the memory.
const wasm = await asc.main([
  'src/engine/backends/cpu/wasm/assembly/index.ts', '--outFile', 'dist/kernels.wasm',
  '-O3', '--noAssert', '--runtime', 'stub', '--enable', 'simd', '--enable', 'threads',
  '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
]);
if (wasm.error) {
  console.error(wasm.stderr.toString());
  throw wasm.error;
}

// Rewritten only when the package's digits are newer (encoding them takes a second or two).
const digits = mnistPackageDigits();
const newest = Math.max(...Array.from({ length: 10 }, (_, d) => statSync(`${digits}/${d}.json`).mtimeMs));
if (![IMAGES_FILE, LABELS_FILE].every((f) => existsSync(`dist/mnist/${f}`) && statSync(`dist/mnist/${f}`).mtimeMs >= newest)) {
  writeCompactMnist('dist/mnist', digits);
}

// The engine's declarations, for code networks in the editor (the TypeScript server plugin
// points `backprop/engine` at them), and the plugin's package where tsserver looks for it:
// <extension>/node_modules/<name> (scripts/package.mjs stages the same two files).
writeEngineDeclarations('dist/types');
writePluginPackage('node_modules/backprop-typescript-plugin');

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
  console.log(`watching ${targets.length} targets`);
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
  console.log(`built dist/kernels.wasm, dist/mnist/, ${targets.map((t) => t.outfile).join(', ')}`);
}

function writeEngineDeclarations(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', 'src/engine/index.ts', '--ignoreConfig',
    '--declaration', '--emitDeclarationOnly', '--outDir', outDir, '--rootDir', 'src', '--target', 'es2022',
    '--module', 'nodenext', '--skipLibCheck', '--strict', '--types', 'node'], { encoding: 'utf8' });
  if (!existsSync(`${outDir}/engine/index.d.ts`)) throw new Error(`engine declarations were not written:\n${tsc.stdout}${tsc.stderr}`);
}
