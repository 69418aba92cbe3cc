// npm run test:e2e — a browser drives a real workbench (code-server) like a user would:
// open a network file, "Train network" from the palette, read the panel's webview, open the
// side view and the Problems panel, "Diagnose bias and variance" and apply its suggestion,
// "Try the fixes". Screenshots of every step (and of a failure) go to test/e2e/screenshots/
// (git-ignored). Steps run in order; after a failure the rest are skipped.
// Usage: node test/e2e/run.mjs [--no-build] [--headed]   Env: BACKPROP_DEBUG=1 for the server log.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, waitForWorkbench } from '../vscode/harness/browser.mjs';
import { startCodeServer } from '../vscode/harness/codeServer.mjs';
import { collectConsole, runSteps } from './steps.mjs';
import { assertText, frameWith, openFile, quickFixEntry, runCommand, sleep, webviewFrame } from './workbench.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const shots = join(root, 'test/e2e/screenshots');
const t0 = Date.now();
// The workbench follows the browser's light/dark preference, which the steps switch.
const THEME_SETTINGS = {
  'window.autoDetectColorScheme': true,
  'workbench.preferredDarkColorTheme': 'Default Dark Modern',
  'workbench.preferredLightColorTheme': 'Default Light Modern',
};

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
  ['"Train network" from the palette trains the file and shows the run in the panel', async ({ page }) => {
    await runCommand(page, 'Backprop: Train network');
    await page.locator('.tabs-container .tab', { hasText: 'Backprop — iris.nn.yaml' }).waitFor();
    const panel = webviewFrame(page);
    // Both come from the host's `init` message, so the ready/init handshake worked.
    await assertText(panel.locator('h1'), 'iris.nn.yaml');
    const status = (await panel.locator('.status').first().textContent()).trim();
    assert.ok(['Starting…', 'Training…', 'Finished'].includes(status), `panel status: ${status}`);
    // The status bar follows the run to its verdict (backend named while it trains).
    await page.locator('.statusbar-item', { hasText: /iris-mlp · (good fit|overfitting|underfitting)/ }).waitFor({ timeout: 60_000 });
    // The verdict, once the panel renders one (the panel's own feature; tolerant until then).
    const verdict = panel.locator('#verdict');
    if (await verdict.count()) await verdict.filter({ hasText: /fit|overfitting|underfitting/i }).waitFor({ timeout: 20_000 });
    await shot(page, 'panel-dark');
  }],
  ['the Runs side view lists the run and draws its loss curve', async ({ page }) => {
    await page.locator('.activitybar .action-item a[aria-label^="Backprop"]').click();
    const view = webviewFrame(page, { view: true });
    const row = view.locator('.run', { hasText: 'iris-mlp' });
    await row.first().waitFor({ timeout: 20_000 });
    assert.match(await row.first().textContent(), /\d+\.\d% val acc · \d+ epochs · .* · iris\.nn\.yaml/);
    const canvas = view.locator('canvas#live-chart');
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `chart size ${JSON.stringify(box)}`);
    await shot(page, 'side-view-dark');
  }],
  ['a click on a run in the side view opens it in the panel', async ({ page }) => {
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab', { hasText: 'Backprop — iris.nn.yaml' }).waitFor({ state: 'detached' });
    await webviewFrame(page, { view: true }).locator('.run', { hasText: 'iris-mlp' }).first().click();
    await page.locator('.tabs-container .tab', { hasText: 'Backprop — iris.nn.yaml' }).waitFor();
    await assertText(webviewFrame(page).locator('h1'), 'iris.nn.yaml');
  }],
  ['the side view\'s context menu on a run evaluates it: loss, accuracy and confusion matrix in the output', async ({ page }) => {
    await webviewFrame(page, { view: true }).locator('.run', { hasText: 'iris-mlp' }).first().click({ button: 'right' });
    // The menu holds the focus once shown: the keyboard picks its first entry (a mouse click
    // right after the menu opened was not taken here).
    await page.locator('.context-view .action-label', { hasText: 'Evaluate run' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.view-lines', { hasText: 'confusion matrix' }).first().waitFor({ timeout: 30_000 });
    await shot(page, 'evaluate-run-dark');
  }],
  ['training the overfitting example puts its warnings in the Problems panel', async ({ page }) => {
    await openFile(page, 'overfitting.nn.yaml');
    await runCommand(page, 'Backprop: Train network');
    // The run is named after the file: "overfitting · overfitting" is its verdict, at the end.
    await page.locator('.statusbar-item', { hasText: /overfitting · overfitting/ }).waitFor({ timeout: 60_000 });
    // The code lens above `model` follows the run to its result.
    await page.locator('.codelens-decoration', { hasText: /Last run: overfitting/ }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'Overfitting (high variance)' }).first().waitFor({ timeout: 20_000 });
    await rows.filter({ hasText: '4,353 parameters for 5 training samples' }).first().waitFor();
    await shot(page, 'problems-dark');
  }],
  ['the quick fixes for overfitting are offered on the epochs line', async ({ page }) => {
    // The cursor on the warning (a click on its Problems row, then on the line), Ctrl+. lists its fixes.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'Overfitting (high variance)' }).first().click();
    await page.locator('.tabs-container .tab.active[data-resource-name="overfitting.nn.yaml"]').waitFor();
    await quickFixEntry(page, /epochs:\s+300/, /Set epochs to \d+ \(the best validation epoch[^)]*\)/,
      { onMiss: (i) => page.screenshot({ path: join(shots, `debug-quickfix-${i}.png`) }) });
    await page.locator('.action-widget, .context-view').getByText(/Enable early stopping/).first().waitFor();
    await shot(page, 'quick-fixes-dark');
    await page.keyboard.press('Escape');
  }],
  ['"Diagnose bias and variance" shows its progress, then the studies in the panel; Apply edits the file', async ({ page }) => {
    await openFile(page, 'overfitting.nn.yaml');
    await runCommand(page, 'Backprop: Diagnose bias and variance');
    await page.locator('.tabs-container .tab', { hasText: 'Backprop — overfitting.nn.yaml' }).waitFor();
    const panel = await frameWith(page, 'h1', 'overfitting.nn.yaml');
    // Progress with Cancel in the panel while it trains (the notification toast is not shown in this headless workbench).
    await panel.locator('#study-progress').waitFor({ timeout: 20_000 });
    await panel.locator('#cancel-diagnose').waitFor();
    await page.locator('.statusbar-item', { hasText: /Diagnosing overfitting\.nn\.yaml · (\d+\/\d+|starting…)/ }).waitFor({ timeout: 10_000 });
    await panel.locator('#study-progress').scrollIntoViewIfNeeded();
    await shot(page, 'studies-running-dark');
    // 5 noisy points and two layers of 64: the studies find variance (docs/studies.md).
    await panel.locator('#study-dominant', { hasText: /variance/i }).waitFor({ timeout: 180_000 });
    await panel.locator('#studies canvas').first().waitFor();
    await page.locator('.statusbar-item', { hasText: /Diagnosing/ }).waitFor({ state: 'hidden', timeout: 10_000 });
    await panel.locator('#study-summary').scrollIntoViewIfNeeded();
    await shot(page, 'studies-dark');
    // Problems says it too, on the line the suggestion changes.
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'Bias/variance study' }).first().waitFor({ timeout: 20_000 });
    const apply = panel.locator('#apply-study-fix');
    const title = (await apply.textContent()).trim();
    const widths = /hidden widths to ([\d, ]+)/.exec(title);
    const decay = /weight_decay to (\S+)/.exec(title);
    const depth = /(Add|Remove) .*hidden layer/.test(title);
    assert.ok(widths || decay || depth, `a width, depth or weight decay suggestion: ${title}`);
    await apply.click();
    // The edit lands in the editor (unsaved), and the panel marks the studies stale. (A depth
    // edit adds or removes a `dense: 64` item; one of the file's stays in view either way.)
    const line = widths ? new RegExp(`dense:\\s+${widths[1].split(',')[0].trim()}\\b`) : decay ? new RegExp(`weight_decay:\\s+${Number(decay[1])}`) : /dense:\s+64/;
    await page.locator('.editor-instance .view-line', { hasText: line }).first().waitFor({ timeout: 20_000 });
    await panel.locator('#study-stale').waitFor({ timeout: 20_000 });
    await shot(page, 'studies-applied-dark');
    // Focus the editor (the click on Apply left it in the webview) and undo the edit (the
    // workbench may have saved it already, so Revert would not bring the old text back).
    await page.locator('.editor-instance .view-line', { hasText: line }).first().click({ position: { x: 60, y: 5 } });
    await page.keyboard.press('Control+Z');
    await page.locator('.editor-instance .view-line', { hasText: /dense:\s+64/ }).first().waitFor({ timeout: 20_000 });
    await panel.locator('#study-stale').waitFor({ state: 'detached', timeout: 20_000 });
  }],
  ['"Try the fixes" in the panel measures each fix of the verdict and shows the table, the best with Apply', async ({ page }) => {
    const panel = await frameWith(page, 'h1', 'overfitting.nn.yaml');
    const button = panel.locator('#try-fixes-button');
    await button.scrollIntoViewIfNeeded();
    await button.click();
    // The file and its four fixes train on the CPU in a few seconds.
    const best = panel.locator('#try-table tr[data-best]');
    await best.locator('.apply-trial').waitFor({ timeout: 60_000 });
    assert.match((await best.locator('th').textContent()).trim(), /^Set epochs to \d+ /);
    await panel.locator('#try-fixes').scrollIntoViewIfNeeded();
    await shot(page, 'try-fixes-dark');
  }],
  ['the side view, the Problems panel and the panel in the light theme', async ({ page }) => {
    await setTheme(page, 'Default Light Modern');
    await page.locator('.markers-panel').waitFor();
    await shot(page, 'problems-light');
    await webviewFrame(page, { view: true }).locator('.run').first().waitFor();
    await shot(page, 'side-view-light');
    await runCommand(page, 'Backprop: Show training panel');
    await webviewFrame(page).locator('h1').waitFor();
    await shot(page, 'panel-light');
    await setTheme(page, 'Default Dark Modern');
  }],
  ['running Train again while the file trains asks whether to restart', async ({ page }) => {
    await openFile(page, 'long.nn.yaml');
    await runCommand(page, 'Backprop: Train network');
    const epochs = page.locator('.statusbar-item', { hasText: /long · epoch \d+\/100000 · loss [\d.e-]+ · cpu/ });
    await epochs.waitFor({ timeout: 30_000 });
    await openFile(page, 'long.nn.yaml');
    await runCommand(page, 'Backprop: Train network');
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'long.nn.yaml is training' });
    await dialog.waitFor();
    await shot(page, 'restart-question');
    const epochNow = async () => Number(/epoch (\d+)\//.exec(await epochs.first().textContent())?.[1] ?? Infinity);
    const before = await epochNow();
    await dialog.locator('.monaco-button', { hasText: 'Restart' }).click();
    await dialog.waitFor({ state: 'detached' });
    // The new run counts from epoch 1 again.
    for (let i = 0; i < 300 && !((await epochs.count()) && (await epochNow()) < before); i++) await sleep(100);
    assert.ok((await epochNow()) < before, 'a new run started');
    // Stop is in the editor title bar while the file trains; the status-bar item stops too.
    await page.locator('.editor-actions .action-label[aria-label^="Stop training"]').first().waitFor();
    const stopped = page.locator('.statusbar-item', { hasText: /long · stopped at epoch \d+/ });
    await epochs.first().click();
    // On a loaded machine a click can land while the item re-renders; say so, and click once more.
    if (!(await stopped.waitFor({ timeout: 10_000 }).then(() => true, () => false))) {
      console.log('      (the first click on the status bar item did not stop the run; clicking again)');
      await epochs.first().click();
    }
    await stopped.waitFor({ timeout: 20_000 });
  }],
  ['a 5,000-epoch run reaches the panel and the side view in batches, at most ~10 messages a second', async ({ page }) => {
    await openFile(page, 'fast.nn.yaml');
    await runCommand(page, 'Backprop: Show training panel');
    await page.locator('.tabs-container .tab', { hasText: 'Backprop — fast.nn.yaml' }).waitFor();
    const panel = await frameWith(page, 'h1', 'fast.nn.yaml');
    const view = await frameWith(page, '#live-chart');
    const count = () => {
      const w = window;
      w.backpropCounts = {};
      window.addEventListener('message', (e) => { w.backpropCounts[e.data?.type] = (w.backpropCounts[e.data?.type] ?? 0) + 1; });
    };
    await panel.evaluate(count);
    await view.evaluate(count);
    const t0 = Date.now();
    await runCommand(page, 'Backprop: Train network');
    await page.locator('.statusbar-item', { hasText: /fast · (good fit|overfitting|underfitting)/ }).waitFor({ timeout: 60_000 });
    const seconds = (Date.now() - t0) / 1000;
    const p = await panel.evaluate(() => window.backpropCounts);
    const v = await view.evaluate(() => window.backpropCounts);
    console.log(`      5,000 epochs in ${seconds.toFixed(1)} s: panel ${JSON.stringify(p)}, side view ${JSON.stringify(v)}`);
    const limit = Math.ceil(seconds * 10) + 3;
    assert.ok((p.events ?? 0) >= 1 && p.events <= limit, `panel got ${p.events} event batches in ${seconds} s`);
    assert.ok((v.live ?? 0) >= 1 && v.live <= limit, `side view got ${v.live} live batches in ${seconds} s`);
  }],
  ['after a reload the training panel and the training warnings come back from the run store', async ({ page, console: messages }) => {
    await page.locator('.tabs-container .tab', { hasText: /^Backprop — / }).first().waitFor();
    const mark = messages.length;
    await page.reload();
    try {
      await waitForWorkbench(page);
      const tab = page.locator('.tabs-container .tab', { hasText: /Backprop — / }).first();
      await tab.waitFor({ timeout: 30_000 });
      await tab.click();
      // Each restored panel (several groups may show one) redraws: its page gets `init` again.
      await frameWith(page, 'h1', '.nn.yaml');
      // The Problems come back too: what the open files' last stored runs found.
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'Overfitting (high variance)' }).first().waitFor({ timeout: 20_000 });
    } catch (e) {
      console.log(`DEBUG after reload:\n${messages.slice(mark).filter((m) => !/Content Security/.test(m)).join('\n').slice(0, 6000)}`);
      throw e;
    }
  }],
  // "New network file" and the walkthrough are tested in the workbench suite
  // (test/vscode/suite/newFile.test.ts: the command with a template, the walkthrough opened by
  // id). Driven from this palette they were unreliable here: after the reload step the
  // palette at times did not list the new command for minutes.
  ['the webviews ran under their CSP without violations or script errors', async ({ console: messages }) => {
    const bad = messages.filter((m) => /Content Security Policy|Refused to|Uncaught/i.test(m));
    assert.deepEqual(bad, []);
  }],
];

/** An extra screenshot, named for what it shows (light and dark variants). */
async function shot(page, what) {
  await page.mouse.move(25, 650); // empty activity bar: no hover tooltip over what the picture is of
  await page.screenshot({ path: join(shots, `${what}.png`) });
}

/**
 * Switch between "Default Light Modern" and "Default Dark Modern": the workbench follows the
 * browser's colour scheme (window.autoDetectColorScheme with those two as preferred themes).
 */
async function setTheme(page, theme) {
  const light = /Light/.test(theme);
  await page.emulateMedia({ colorScheme: light ? 'light' : 'dark' });
  await page.locator(light ? '.monaco-workbench.vs' : '.monaco-workbench.vs-dark').waitFor({ timeout: 20_000 });
  await sleep(500); // webviews repaint with the new variables
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const server = await startCodeServer({
    workspace: join(root, 'test/e2e/workspace'),
    smokeTestDriver: true, // lets the page URL's payload load our extension (extensionDevelopmentPath)
    settings: THEME_SETTINGS,
    log: process.env.BACKPROP_DEBUG ? (s) => process.stderr.write(s) : undefined,
  });
  const { browser, page } = await launchBrowser({ headed: process.argv.includes('--headed') }).catch(async (e) => {
    await server.stop();
    throw e;
  });
  await page.emulateMedia({ colorScheme: 'dark' }); // screenshots are dark unless a step says light
  const messages = collectConsole(page); // for the CSP step
  let counts;
  try {
    counts = await runSteps(steps, { page, server, console: messages }, { shots });
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  const { passed, failed, skipped } = counts;
  console.log(`\nscreenshots: ${shots}${skipped ? `\n${skipped} skipped` : ''} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  console.log(`${passed} passed, ${failed + skipped} failed`);
  process.exit(failed || skipped ? 1 : 0);
}

main().catch((err) => {
  console.error(`test:e2e: ${err.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
