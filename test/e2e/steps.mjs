// Running a browser scenario as ordered steps: each one passes or fails with a screenshot
// (FAILED-… on failure, with the workbench's tabs, notifications and console tail printed);
// after a failure the rest are skipped. Shared by test:e2e and test:package's installed flow.
import { join } from 'node:path';

const fileName = (i, title) => `${String(i + 1).padStart(2, '0')}-${title.replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60)}`;

/**
 * `steps`: [title, async (ctx) => …] in order; `ctx.page` is the workbench page and
 * `ctx.console` its console messages (webviews included). Screenshots go to `shots`.
 * Returns the counts.
 */
export async function runSteps(steps, ctx, { shots, indent = '  ' }) {
  let passed = 0, failed = 0, skipped = 0;
  for (const [i, [title, fn]] of steps.entries()) {
    if (failed) {
      skipped++;
      console.log(`${indent}- ${title} (skipped)`);
      continue;
    }
    const start = Date.now();
    try {
      await fn(ctx);
      await ctx.page.screenshot({ path: join(shots, `${fileName(i, title)}.png`) });
      passed++;
      console.log(`${indent}✔ ${title} (${Date.now() - start} ms)`);
    } catch (err) {
      failed++;
      await ctx.page.screenshot({ path: join(shots, `FAILED-${fileName(i, title)}.png`) }).catch(() => {});
      console.log(`${indent}✘ ${title}\n${String(err.stack || err).replace(/^/gm, '      ')}`);
      await explainFailure(ctx);
    }
  }
  return { passed, failed, skipped };
}

/** What the workbench showed: its tabs (the active one marked), notifications, console tail. */
async function explainFailure({ page, console: messages }) {
  const tabs = await page.locator('.tabs-container .tab').evaluateAll((els) => els.map((t) => `${t.classList.contains('active') ? '*' : ''}${t.getAttribute('aria-label') ?? t.textContent}`)).catch(() => []);
  const notes = await page.locator('.notification-toast .notification-list-item-message').allTextContents().catch(() => []);
  console.log(`      tabs: ${tabs.join(' | ')}${notes.length ? `\n      notifications: ${notes.join(' | ')}` : ''}`);
  // The workbench's own console often says why (a command not found, a webview error).
  const tail = messages.filter((m) => /error|not found|failed|backprop/i.test(m) && !/Failed to load resource|vsda/.test(m)).slice(-15);
  if (tail.length) console.log(`      workbench console:\n${tail.map((m) => `        ${m.slice(0, 300)}`).join('\n')}`);
}

/** Collects the console messages of the page and all its frames, and uncaught errors. */
export function collectConsole(page) {
  const messages = [];
  page.on('console', (m) => messages.push(`${m.text()} (${m.location()?.url ?? ''})`));
  page.on('pageerror', (e) => messages.push(`Uncaught ${e.message}`));
  return messages;
}
