// Shared by the as-you-type test and benchmark: hostile network-file text, and a probe of
// the longest time the event loop was blocked.
import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** The parse worker bundled as the extension ships it (dist/parse-worker.js), in a temp folder. */
export function bundleParseWorker(): string {
  const script = path.join(mkdtempSync(path.join(tmpdir(), 'parse-worker-')), 'parse-worker.js');
  buildSync({ entryPoints: [path.resolve(__dirname, '../../src/extension/language/parseWorker.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'warning' });
  return script;
}

/** 64 KB of repeated deep flow nesting: among the slowest texts to parse (≈ 0.3–1 s in place). */
export function hostileNetworkFile(): string {
  return Array.from({ length: 1000 }, (_, i) => `k${i}: ${'['.repeat(60)}${']'.repeat(60)}`).join('\n').slice(0, 64_000);
}

/** 100,000 lines of unknown keys (far past the size cap). */
export function hugeNetworkFile(): string {
  return Array.from({ length: 100_000 }, (_, i) => `key${i}: ${i}`).join('\n');
}

/** Starts measuring; `stop()` gives the longest event-loop block seen, in ms. */
export function loopBlockProbe(): { stop(): number } {
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  return {
    stop: () => {
      h.disable();
      return h.max / 1e6;
    },
  };
}
