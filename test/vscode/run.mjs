// npm run test:vscode — the mocha suite inside the extension host of a real workbench.
// Desktop VS Code cannot be downloaded here, so this uses code-server's smoke-test driver
// (harness/host.mjs): our folder is the development extension, the suite its tests.
// Usage: node test/vscode/run.mjs [--grep PATTERN] [--no-build]
// Env: BACKPROP_TEST_TIMEOUT (s, default 240), BACKPROP_KEEP_TMP=1 keeps the temp dir.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './harness/browser.mjs';
import { startCodeServer } from './harness/codeServer.mjs';
import { runSuiteInHost } from './harness/host.mjs';
import { buildSuite, OUT_DIR } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const grep = args.includes('--grep') ? args[args.indexOf('--grep') + 1] : '';
const timeoutS = Number(process.env.BACKPROP_TEST_TIMEOUT || 240);
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

let result = { passed: 0, failed: 0 };
let exitCode = 1;
try {
  await main();
} catch (err) {
  console.error(`test:vscode: ${err.message}`);
}
console.log(`(${secs()})`);
// Never "0 failed" on a failed run (a crash, a timeout): CI reads this line.
if (exitCode !== 0 && result.failed === 0) result.failed = 1;
console.log(`${result.passed} passed, ${result.failed} failed`);
process.exit(exitCode);

async function main() {
  // --no-build skips dist/ (e.g. while someone else's code does not compile); the suite is always rebuilt.
  if (!args.includes('--no-build')) {
    const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the build failed');
  }
  await buildSuite();
  // `npm run typecheck` covers src/; the webview (DOM) and this suite have their own tsconfigs.
  for (const project of ['webview/tsconfig.json', 'test/vscode/tsconfig.json']) {
    const r = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', project, '--noEmit'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`type errors in ${project}`);
  }
  const reportDir = mkdtempSync(join(tmpdir(), 'backprop-mocha-'));
  const report = join(reportDir, 'mocha.log');
  let server, browser;
  try {
    // The extension host inherits code-server's environment: that is how the suite gets these.
    server = await startCodeServer({
      workspace: join(root, 'test/vscode/workspace'),
      smokeTestDriver: true,
      env: { BACKPROP_TEST_OUTPUT: report, BACKPROP_TEST_COLOR: process.stdout.isTTY ? '1' : '0', BACKPROP_TEST_GREP: grep },
      log: process.env.BACKPROP_DEBUG ? (s) => process.stderr.write(s) : undefined,
    });
    browser = await launchBrowser();
    ({ exitCode, ...result } = await runSuiteInHost({ server, page: browser.page, report, timeoutS,
      developmentPath: root, testsPath: join(OUT_DIR, 'index.js') }));
  } finally {
    await browser?.browser.close().catch(() => {});
    await server?.stop();
    rmSync(reportDir, { recursive: true, force: true });
  }
}
