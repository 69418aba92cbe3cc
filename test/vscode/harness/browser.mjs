// Debian's Chromium driven by playwright-core (Playwright's own browser downloads are not
// reachable here). Flags measured to work on these machines: no GPU, no network.
import { chromium } from 'playwright-core';
import { installedPaths } from './codeServer.mjs';

export async function launchBrowser({ headed = false } = {}) {
  const browser = await chromium.launch({
    executablePath: installedPaths().chromium,
    headless: !headed,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  return { browser, page };
}

/** The workbench is up when its root element is there. */
export async function waitForWorkbench(page, timeout = 60_000) {
  await page.locator('.monaco-workbench').waitFor({ timeout });
}
