// npm run test:vscode — the mocha suite inside the extension host of a real workbench.
// Desktop VS Code cannot be downloaded here, so this uses code-server's smoke-test driver:
// the page URL's `payload` names our extension (extensionDevelopmentPath) and the suite
// (extensionTestsPath, the test-electron `run()` contract); the workbench calls
// window.codeAutomationExit(code) when run() settles. Mocha's report reaches us through a
// file (BACKPROP_TEST_OUTPUT) because the host's console is the browser's, not ours.
// Usage: node test/vscode/run.mjs [--grep PATTERN] [--no-build]
// Env: BACKPROP_TEST_TIMEOUT (s, default 240), BACKPROP_KEEP_TMP=1 keeps the temp dir.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './harness/browser.mjs';
import { startCodeServer } from './harness/codeServer.mjs';
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
    await runInHost(server, browser.page, report);
  } finally {
    await browser?.browser.close().catch(() => {});
    await server?.stop();
    rmSync(reportDir, { recursive: true, force: true });
  }
}

async function runInHost(server, page, report) {
  let settle;
  const exited = new Promise((r) => { settle = r; });
  await page.exposeFunction('codeAutomationExit', (code) => settle(code));
  // The remote authority must match the page's host:port exactly.
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(join(OUT_DIR, 'index.js'))],
  ];
  const tail = tailFile(report);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  let timer;
  const code = await Promise.race([exited,
    new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutS * 1000); })]);
  clearTimeout(timer);
  tail.stop();
  if (code === 'timeout') throw new Error(`no result after ${timeoutS}s (BACKPROP_DEBUG=1 shows the server log)`);
  if (existsSync(`${report}.json`)) result = JSON.parse(readFileSync(`${report}.json`, 'utf8'));
  else if (code !== 0) console.error('test:vscode: the suite failed before mocha reported (BACKPROP_DEBUG=1 shows why)');
  // Trust both: the workbench's exit code and mocha's own count.
  exitCode = code === 0 && result.failed === 0 && result.passed > 0 ? 0 : 1;
}

/** Print what the host appends to `file`, as it comes. */
function tailFile(file) {
  let pos = 0;
  const flush = () => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size <= pos) return;
    process.stdout.write(readFileSync(file).subarray(pos, size));
    pos = size;
  };
  const timer = setInterval(flush, 200);
  return { stop: () => { clearInterval(timer); flush(); } };
}
