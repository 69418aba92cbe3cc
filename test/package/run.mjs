// npm run test:package — the extension as a user installs it: builds the linux-x64 VSIX
// (scripts/package.mjs), checks what it holds and its size, installs it into a clean
// code-server profile with --install-extension, and runs test/package/installed.test.ts in
// that extension host (Iris trained through the installed copy), then drives the core e2e
// flow through a browser against the installed copy (test/package/flow.mjs). The harness is the VS Code
// suite's (test/vscode/harness); a placeholder extension is the development path the
// smoke-test driver wants, so the installed Backprop is the only one.
// Usage: node test/package/run.mjs [--no-build]   Env: BACKPROP_DEBUG=1, BACKPROP_KEEP_TMP=1
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageTargets } from '../../scripts/package.mjs';
import { launchBrowser } from '../vscode/harness/browser.mjs';
import { installedPaths, startCodeServer } from '../vscode/harness/codeServer.mjs';
import { runSuiteInHost } from '../vscode/harness/host.mjs';
import { runInstalledFlow } from './flow.mjs';
import { readZip } from './zip.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BUDGET = 15_000_000; // bytes, packed (issue 14)
const t0 = Date.now();
let passed = 0, failed = 0;

function check(name, fn) {
  try {
    fn();
    passed++;
    console.log(`  ✔ ${name}`);
  } catch (err) {
    failed++;
    console.log(`  ✘ ${name}\n      ${err.message}`);
  }
}
const must = (ok, message) => { if (!ok) throw new Error(message); };

try {
  await main();
} catch (err) {
  failed++;
  console.error(`test:package: ${err.message}`);
}
console.log(`(${((Date.now() - t0) / 1000).toFixed(1)}s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

async function main() {
  const [vsix] = packageTargets({ targets: ['linux-x64'], build: !process.argv.includes('--no-build') });
  rmSync(join(root, 'out', 'stage'), { recursive: true, force: true });
  console.log('the linux-x64 VSIX');
  checkContents(vsix);
  console.log('installed into code-server');
  const { passed: p, failed: f } = await runInstalled(vsix);
  passed += p;
  failed += f;
  console.log('the core e2e flow in the installed extension');
  const flow = await runInstalledFlow({ vsix, root, log: process.env.BACKPROP_DEBUG ? (s) => process.stderr.write(s) : undefined });
  passed += flow.passed;
  failed += flow.failed;
}

function checkContents(vsix) {
  const size = statSync(vsix).size;
  const zip = readZip(vsix);
  const names = zip.entries.map((e) => e.name);
  check(`is at most 15 MB packed (${(size / 1e6).toFixed(2)} MB)`, () => must(size <= BUDGET, `${size} bytes`));
  check('holds exactly one Dawn binary, linux-x64\'s', () => {
    const binaries = names.filter((n) => /\.(node|dll|dylib|so)$/.test(n));
    must(binaries.length === 1 && binaries[0] === 'extension/node_modules/webgpu/dist/linux-x64/dawn.node', binaries.join(', '));
  });
  check('holds nothing else from node_modules but webgpu\'s loader, esbuild-wasm and the TypeScript plugin', () => {
    const modules = names.filter((n) => n.includes('node_modules/'));
    const expected = [
      ...['LICENSE.md', 'dist/linux-x64/dawn.node', 'index.js', 'package.json'].map((f) => `extension/node_modules/webgpu/${f}`),
      // Code networks compile with esbuild-wasm's in-process build (src/engine/code/bundle.ts).
      ...['LICENSE.md', 'esbuild.wasm', 'lib/browser.js', 'package.json'].map((f) => `extension/node_modules/esbuild-wasm/${f}`),
      ...['index.js', 'package.json'].map((f) => `extension/node_modules/backprop-typescript-plugin/${f}`),
    ];
    must(JSON.stringify(modules.sort()) === JSON.stringify(expected.sort()), modules.join(', '));
  });
  check('holds no sources, tests, source maps or unused bundles', () => {
    // Declarations (dist/types/**/*.d.ts) ship: the TypeScript plugin resolves `backprop/engine` to them.
    const extra = names.filter((n) => /^extension\/(src|test|webview|scripts|bench|examples)\/|(?<!\.d)\.ts$|\.map$|dist\/(engine|cli)\.js$/.test(n));
    must(extra.length === 0, extra.join(', '));
  });
  check('holds the bundles, media, the compact MNIST digits, licence and changelog', () => {
    for (const n of ['dist/extension.js', 'dist/worker.js', 'dist/parse-worker.js', 'dist/kernels.wasm', 'dist/ts-plugin.js', 'dist/types/engine/index.d.ts', 'dist/webview/panel.js', 'dist/webview/sidebar.js',
      'dist/mnist/digits-images.idx3-ubyte.gz', 'dist/mnist/digits-labels.idx1-ubyte.gz', 'media/icon.png', 'media/network.schema.json', 'docs/network-file.md',
      'LICENSE.txt', 'changelog.md', 'readme.md', 'package.json']) must(names.includes(`extension/${n}`), `no ${n}`);
  });
  check('has a README whose links are all absolute (they are the only ones that open)', () => {
    const relative = [...zip.text('extension/readme.md').matchAll(/(?<!!)\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]).filter((t) => !/^(https?:|mailto:|#)/.test(t));
    must(relative.length === 0, relative.join(', '));
  });
  check('has no README image that could not load (relative ones show broken), and ships no screenshots', () => {
    const relative = [...zip.text('extension/readme.md').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]).filter((t) => !/^https:/.test(t));
    must(relative.length === 0, relative.join(', '));
    const shots = names.filter((n) => n.includes('media/screenshots/'));
    must(shots.length === 0, shots.join(', '));
  });
  check('is for linux-x64', () => {
    const platform = /TargetPlatform="([^"]*)"/.exec(zip.text('extension.vsixmanifest'))?.[1];
    must(platform === 'linux-x64', `TargetPlatform ${platform}`);
  });
  check('declares the workspace kind, and webgpu, esbuild-wasm and the TypeScript plugin as its dependencies', () => {
    const m = JSON.parse(zip.text('extension/package.json'));
    must(JSON.stringify(m.extensionKind) === '["workspace"]', `extensionKind ${JSON.stringify(m.extensionKind)}`);
    must(JSON.stringify(Object.keys(m.dependencies)) === '["webgpu","esbuild-wasm","backprop-typescript-plugin"]' && !m.devDependencies && !m.scripts, 'dependencies/scripts');
  });
}

/** Whether the Dawn binary as installed finds an adapter here: then `auto` must measure it on Iris. */
function dawnFindsAdapter(extensionDir) {
  const probe = `import(${JSON.stringify(join(extensionDir, 'node_modules/webgpu/index.js'))})
    .then(async (m) => { const gpu = m.create([]); const a = await gpu.requestAdapter(); console.log(a ? 'adapter' : 'none'); process.exit(0); })`;
  const tmp = mkdtempSync(join(tmpdir(), 'backprop-dawn-'));
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 60_000,
    env: { ...process.env, XDG_RUNTIME_DIR: tmp, MESA_SHADER_CACHE_DIR: join(tmp, 'mesa') } });
  rmSync(tmp, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`the installed dawn.node did not load: ${r.stderr}`);
  return r.stdout.trim() === 'adapter';
}

async function runInstalled(vsix) {
  const out = join(root, 'out/test/package');
  await esbuild.build({
    entryPoints: [{ in: join(root, 'test/vscode/suite/index.ts'), out: 'index' }, { in: join(root, 'test/package/installed.test.ts'), out: 'installed.test' }],
    outdir: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning',
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
  // The smoke-test driver needs a development extension to run tests: an empty one.
  const placeholder = join(out, 'placeholder');
  rmSync(placeholder, { recursive: true, force: true });
  mkdirSync(placeholder, { recursive: true });
  writeFileSync(join(placeholder, 'package.json'), JSON.stringify({ name: 'package-test-placeholder', publisher: 'backprop-tests', version: '0.0.0', engines: { vscode: '*' } }));
  installedPaths();
  const reportDir = mkdtempSync(join(tmpdir(), 'backprop-mocha-'));
  const report = join(reportDir, 'mocha.log');
  let server, browser;
  try {
    server = await startCodeServer({
      workspace: join(root, 'test/vscode/workspace'),
      smokeTestDriver: true,
      installExtensions: [vsix],
      env: { BACKPROP_TEST_OUTPUT: report, BACKPROP_TEST_COLOR: '0' },
      log: process.env.BACKPROP_DEBUG ? (s) => process.stderr.write(s) : undefined,
    });
    const installed = join(server.dir, 'extensions', 'backprop.backprop-0.1.0');
    check('installs from the VSIX as backprop.backprop 0.1.0', () => {
      must(statSync(join(installed, 'package.json')).isFile(), `no ${installed}`);
      const record = JSON.parse(readFileSync(join(server.dir, 'extensions', 'extensions.json'), 'utf8'));
      const ours = record.find((e) => e.identifier.id === 'backprop.backprop');
      must(ours?.version === '0.1.0' && ours.metadata?.source === 'vsix', JSON.stringify(ours));
    });
    // The Iris example as shipped (backend: auto), and a small MNIST file; the suite's own
    // workspace settings (the CPU backend) are left out so that `auto` decides.
    copyFileSync(join(root, 'examples/iris.nn.yaml'), join(server.workspace, 'iris-example.nn.yaml'));
    writeFileSync(join(server.workspace, 'mnist-small.nn.yaml'), 'data: { source: mnist, limit: 500, validation: 0.2 }\n'
      + 'model:\n  - dense: 10\n    activation: softmax\nloss: cross_entropy\noptimizer: { type: adam, learning_rate: 0.01 }\n'
      + 'train: { epochs: 1, backend: cpu }\n');
    rmSync(join(server.workspace, '.vscode'), { recursive: true, force: true });
    // What the suite expects, in a file of the workspace (code-server's environment is fixed by now).
    const backend = dawnFindsAdapter(installed) ? 'webgpu' : 'cpu';
    writeFileSync(join(server.workspace, 'expected-backend.txt'), backend);
    console.log(`  (Dawn ${backend === 'webgpu' ? 'finds an adapter: auto must measure it against the CPU on Iris' : 'finds no adapter here: Iris trains on the CPU'})`);
    browser = await launchBrowser();
    const r = await runSuiteInHost({ server, page: browser.page, report, timeoutS: 300,
      developmentPath: placeholder, testsPath: join(out, 'index.js') });
    return { passed: r.passed, failed: r.exitCode !== 0 && r.failed === 0 ? 1 : r.failed };
  } finally {
    await browser?.browser.close().catch(() => {});
    await server?.stop();
    rmSync(reportDir, { recursive: true, force: true });
  }
}
