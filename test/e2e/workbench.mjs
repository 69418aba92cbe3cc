// Driving the workbench UI the way a user does: the palette, tabs, panels, webviews.
// Selectors are VS Code's own DOM classes (stable across recent releases).

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const workspace = new URL('./workspace/', import.meta.url);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** F1, type the command's title, run it. Retries: commands appear a few seconds after load. */
export async function runCommand(page, title, { attempts = 30 } = {}) {
  const input = page.locator('.quick-input-widget input.input');
  for (let i = 0; i < attempts; i++) {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(`>${title}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ state: 'visible', timeout: 1000 });
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 5000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
      await sleep(500);
    }
  }
  throw new Error(`command "${title}" never appeared in the palette`);
}

/**
 * Quick Open (Ctrl+P) a workspace file by name, and wait until its editor shows the file's
 * text: the tab turns active before the text loads, and until it has loaded the extension
 * host's active editor is still the previous one (a command run then acts on that one).
 */
export async function openFile(page, name) {
  const input = page.locator('.quick-input-widget input.input');
  await page.keyboard.press('Control+P');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).first().waitFor();
  const own = ownLines(name);
  await page.waitForFunction((lines) => [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')]
    .some((el) => {
      const text = el.textContent.replace(/\u00a0/g, ' ').trim(); // a decoration may follow the text
      return lines.some((line) => text === line || text.startsWith(`${line} `));
    }), own, { timeout: 20_000 });
  await sleep(300); // the host hears of the new active editor just after the workbench shows it
}

/** The lines of a workspace file that no other workspace file has: seeing one, its editor shows it. */
function ownLines(name) {
  const linesOf = (file) => readFileSync(new URL(file, workspace), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l.length >= 6);
  const others = new Set(readdirSync(workspace).filter((f) => f !== name && f.endsWith('.yaml')).flatMap(linesOf));
  const own = linesOf(name).filter((l) => !others.has(l));
  if (!own.length) throw new Error(`${name} has no line of its own to recognise it by`);
  return own;
}

/**
 * The document inside a webview: the outer iframe (VS Code's host page) holds the
 * extension's page in `iframe#active-frame`. `purpose` tells panels and side views apart.
 */
export function webviewFrame(page, { view = false } = {}) {
  const outer = view ? 'iframe.webview.ready[src*="purpose=webviewView"]' : 'iframe.webview.ready:not([src*="purpose=webviewView"])';
  return page.frameLocator(outer).frameLocator('iframe#active-frame');
}

/** The webview frame (two iframes down) whose page has `selector` (with `text`, if given). */
export async function frameWith(page, selector, text) {
  for (let i = 0; i < 150; i++) {
    for (const f of page.frames()) {
      const found = await f.evaluate(([sel, t]) => {
        const el = document.querySelector(sel);
        return !!el && (!t || el.textContent.includes(t));
      }, [selector, text]).catch(() => false);
      if (found) return f;
    }
    await sleep(200);
  }
  throw new Error(`no webview shows ${selector} ${text ?? ''}`);
}

export async function assertText(locator, expected) {
  await locator.first().waitFor({ timeout: 20_000 });
  assert.equal((await locator.first().textContent()).trim(), expected);
}

/**
 * Put the cursor on the editor line matching `line` and open its quick fixes (Ctrl+.) until
 * the one matching `fix` shows; returns that menu entry. Retries: the code-action widget
 * sometimes opens before the provider has answered. `onMiss(i)` runs after each miss.
 */
export async function quickFixEntry(page, line, fix, { onMiss } = {}) {
  await page.locator('.editor-instance .view-line', { hasText: line }).first().click({ position: { x: 60, y: 5 } });
  const entry = page.locator('.action-widget, .context-view').getByText(fix).first();
  for (let i = 0; i < 5 && !(await entry.isVisible()); i++) {
    await page.keyboard.press('Control+.');
    await entry.waitFor({ timeout: 3000 }).catch(async () => {
      await onMiss?.(i);
      await page.keyboard.press('Escape');
    });
  }
  await entry.waitFor({ timeout: 1000 });
  return entry;
}
