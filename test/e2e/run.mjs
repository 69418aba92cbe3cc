// npm run test:e2e — a browser drives a real workbench (code-server) like a user would:
// open a network file, "Train network" from the palette, read the panel's webview, open the
// side view and the Problems panel. Screenshots of every step (and of a failure) go to
// test/e2e/screenshots/ (git-ignored). Steps run in order; after a failure the rest are skipped.
// Usage: node test/e2e/run.mjs [--no-build] [--headed]   Env: BACKPROP_DEBUG=1 for the server log.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, waitForWorkbench } from '../vscode/harness/browser.mjs';
import { startCodeServer } from '../vscode/harness/codeServer.mjs';
import { openFile, runCommand, webviewFrame } from './workbench.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test/e2e/screenshots');
const t0 = Date.now();

/** The scenario, one user-visible behaviour per step. */
const steps = [
  ['the workbench opens with the example workspace', async ({ page, server }) => {
    const remote = `vscode-remote://127.0.0.1:${server.port}${root}`;
    const payload = encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', remote]]));
    await page.goto(`${server.url}/?folder=${encodeURIComponent(server.workspace)}&payload=${payload}`);
    await waitForWorkbench(page);
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'iris.nn.yaml' }).waitFor({ timeout: 30_000 });
  }],
  ['a network file opens as a Backprop network with a Train button in its title bar', async ({ page }) => {
    await openFile(page, 'iris.nn.yaml');
    await page.locator('.statusbar-item', { hasText: 'Backprop network' }).waitFor({ timeout: 30_000 });
    await page.locator('.editor-actions .action-label[aria-label^="Train network"]').waitFor({ timeout: 30_000 });
  }],
  ['the explorer context menu offers Train network for the file', async ({ page }) => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'iris.nn.yaml' }).click({ button: 'right' });
    await page.locator('.context-view .action-label', { hasText: 'Train network' }).waitFor();
    await page.keyboard.press('Escape');
  }],
  ['"Train network" from the palette opens the training panel', async ({ page }) => {
    await runCommand(page, 'Backprop: Train network');
    await page.locator('.tabs-container .tab', { hasText: 'Backprop — iris.nn.yaml' }).waitFor();
    const panel = webviewFrame(page);
    // Both come from the host's `init` message, so the ready/init handshake worked.
    await assertText(panel.locator('h1'), 'iris.nn.yaml');
    await assertText(panel.locator('.status'), 'Not trained yet');
    await assertText(panel.locator('button'), 'Train');
  }],
  ['the Runs side view says there are no runs yet', async ({ page }) => {
    await page.locator('.activitybar .action-item a[aria-label^="Backprop"]').click();
    await assertText(webviewFrame(page, { view: true }).locator('.empty'), 'No runs yet');
  }],
  ['the Problems panel opens and lists no problems for a valid file', async ({ page }) => {
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel');
    await markers.waitFor();
    // The diagnostics feature will add a broken file and assert its rows here.
    assert.equal(await markers.locator('.monaco-list-row').count(), 0);
    await page.locator('.markers-panel-container', { hasText: 'No problems have been detected' }).waitFor();
  }],
  ['the webviews ran under their CSP without violations or script errors', async ({ console: messages }) => {
    const bad = messages.filter((m) => /Content Security Policy|Refused to|Uncaught/i.test(m));
    assert.deepEqual(bad, []);
  }],
];

async function assertText(locator, expected) {
  await locator.first().waitFor({ timeout: 20_000 });
  assert.equal((await locator.first().textContent()).trim(), expected);
}

const name = (i, title) => `${String(i + 1).padStart(2, '0')}-${title.replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60)}`;

async function main() {
  if (!process.argv.includes('--no-build')) {
    const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  let passed = 0, failed = 0, skipped = 0;
  const server = await startCodeServer({
    workspace: join(root, 'test/e2e/workspace'),
    smokeTestDriver: true, // lets the page URL's payload load our extension (extensionDevelopmentPath)
    log: process.env.BACKPROP_DEBUG ? (s) => process.stderr.write(s) : undefined,
  });
  const { browser, page } = await launchBrowser({ headed: process.argv.includes('--headed') }).catch(async (e) => {
    await server.stop();
    throw e;
  });
  // Console messages of the page and all its frames (webviews included), for the CSP step.
  const messages = [];
  page.on('console', (m) => messages.push(m.text()));
  page.on('pageerror', (e) => messages.push(`Uncaught ${e.message}`));
  try {
    for (const [i, [title, fn]] of steps.entries()) {
      if (failed) {
        skipped++;
        console.log(`  - ${title} (skipped)`);
        continue;
      }
      const start = Date.now();
      try {
        await fn({ page, server, console: messages });
        await page.screenshot({ path: join(shots, `${name(i, title)}.png`) });
        passed++;
        console.log(`  ✔ ${title} (${Date.now() - start} ms)`);
      } catch (err) {
        failed++;
        await page.screenshot({ path: join(shots, `FAILED-${name(i, title)}.png`) }).catch(() => {});
        console.log(`  ✘ ${title}\n${String(err.stack || err).replace(/^/gm, '      ')}`);
      }
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  console.log(`\nscreenshots: ${shots}${skipped ? `\n${skipped} skipped` : ''} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  console.log(`${passed} passed, ${failed + skipped} failed`);
  process.exit(failed || skipped ? 1 : 0);
}

main().catch((err) => {
  console.error(`test:e2e: ${err.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
