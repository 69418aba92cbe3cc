// Run a mocha suite inside the extension host of a started code-server, through the smoke-test
// driver: the page URL's `payload` names the extension folder (extensionDevelopmentPath) and the
// suite (extensionTestsPath, the test-electron `run()` contract); the workbench calls
// window.codeAutomationExit(code) when run() settles. Mocha's report reaches us through a file
// (BACKPROP_TEST_OUTPUT, given to code-server's environment) because the host's console is the
// browser's; its lines are echoed as they come.
import { existsSync, readFileSync, statSync } from 'node:fs';

/**
 * @param {{ server: { url: string, port: number, workspace: string }, page: import('playwright-core').Page,
 *   developmentPath: string, testsPath: string, report: string, timeoutS: number }} opts
 * @returns {Promise<{ passed: number, failed: number, exitCode: number }>}
 */
export async function runSuiteInHost({ server, page, developmentPath, testsPath, report, timeoutS }) {
  let settle;
  const exited = new Promise((r) => { settle = r; });
  await page.exposeFunction('codeAutomationExit', (code) => settle(code));
  // The remote authority must match the page's host:port exactly.
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(testsPath)],
  ];
  const tail = tailFile(report);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  let timer;
  const code = await Promise.race([exited,
    new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutS * 1000); })]);
  clearTimeout(timer);
  tail.stop();
  if (code === 'timeout') throw new Error(`no result after ${timeoutS}s (BACKPROP_DEBUG=1 shows the server log)`);
  let result = { passed: 0, failed: 0 };
  if (existsSync(`${report}.json`)) result = JSON.parse(readFileSync(`${report}.json`, 'utf8'));
  else if (code !== 0) console.error('the suite failed before mocha reported (BACKPROP_DEBUG=1 shows why)');
  // Trust both: the workbench's exit code and mocha's own count.
  const exitCode = code === 0 && result.failed === 0 && result.passed > 0 ? 0 : 1;
  return { passed: result.passed, failed: result.failed, exitCode };
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
