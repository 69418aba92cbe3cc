// `npm run bench:typing`: what the as-you-type check costs the editor. Types into each
// bundled example (an edit every 20 ms, 200 edits: a character inserted, then removed) and
// into two hostile files, with the check on the parse worker thread as the extension runs
// it, and reports per file: the check's latency (edit → result, p50/p99), the longest the
// host's event loop was blocked meanwhile, and, for comparison, the parse's p99 in place
// (what the host thread spent per edit before the worker), and the share of the typing time
// the host's thread was busy at all (event-loop utilisation: a block seen while the host was
// idle is the machine's scheduler, not our code). Writes bench/typing.json.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseNetworkFile } from '../src/engine/netfile';
import { BackgroundParser } from '../src/extension/language/backgroundParse';
import { bundleParseWorker, hostileNetworkFile, hugeNetworkFile, loopBlockProbe } from '../test/helpers/typing';

const EDITS = Number(process.argv[process.argv.indexOf('--edits') + 1]) || 200;
const EDIT_EVERY_MS = 20;
const FILE = '/ws/net.nn.yaml';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

interface Row { file: string; chars: number; checks: number; latency_p50_ms: number; latency_p99_ms: number; host_block_max_ms: number; host_busy_pct: number; in_place_p99_ms: number }

async function typeInto(parser: BackgroundParser, name: string, text: string): Promise<Row> {
  const latencies: number[] = [];
  const inPlace: number[] = [];
  const pending: Promise<void>[] = [];
  const at = Math.floor(text.length / 2);
  const probe = loopBlockProbe();
  const elu0 = performance.eventLoopUtilization();
  for (let i = 0; i < EDITS; i++) {
    const edited = i % 2 === 0 ? `${text.slice(0, at)}x${text.slice(at)}` : text;
    const t0 = performance.now();
    pending.push(parser.parse(name, edited, FILE).then((r) => { if (r) latencies.push(performance.now() - t0); }));
    await new Promise((r) => setTimeout(r, EDIT_EVERY_MS));
  }
  await Promise.all(pending);
  const blocked = probe.stop();
  const busy = performance.eventLoopUtilization(elu0).utilization;
  for (let i = 0; i < Math.min(EDITS, 50); i++) {
    const t0 = performance.now();
    parseNetworkFile(text, FILE);
    inPlace.push(performance.now() - t0);
  }
  const r2 = (x: number) => Number(x.toFixed(2));
  return { file: name, chars: text.length, checks: latencies.length, latency_p50_ms: r2(quantile(latencies, 0.5)), latency_p99_ms: r2(quantile(latencies, 0.99)), host_block_max_ms: r2(blocked), host_busy_pct: r2(100 * busy), in_place_p99_ms: r2(quantile(inPlace, 0.99)) };
}

async function main(): Promise<void> {
  const parser = new BackgroundParser(bundleParseWorker());
  await parser.parse('warm-up', hostileNetworkFile(), FILE);
  const files = readdirSync('examples').filter((f) => f.endsWith('.nn.yaml')).map((f) => ({ name: f, text: readFileSync(path.join('examples', f), 'utf8') }));
  files.push({ name: 'hostile 64 KB (deep flow nesting)', text: hostileNetworkFile() }, { name: 'hostile 100k lines', text: hugeNetworkFile() });
  const rows: Row[] = [];
  for (const f of files) {
    const row = await typeInto(parser, f.name, f.text);
    rows.push(row);
    console.log(`typing ${row.file} (${row.chars} chars): ${row.checks}/${EDITS} checks, latency p50 ${row.latency_p50_ms} ms p99 ${row.latency_p99_ms} ms; host blocked at most ${row.host_block_max_ms} ms, busy ${row.host_busy_pct}%; in place p99 ${row.in_place_p99_ms} ms`);
  }
  parser.dispose();
  const examples = rows.slice(0, -2);
  const summary = {
    examples_latency_p99_ms: Math.max(...examples.map((r) => r.latency_p99_ms)),
    host_block_max_ms: Math.max(...rows.map((r) => r.host_block_max_ms)),
  };
  console.log(`bundled examples: check latency p99 ≤ ${summary.examples_latency_p99_ms} ms; host event loop blocked at most ${summary.host_block_max_ms} ms (any file)`);
  writeFileSync(path.join('bench', 'typing.json'), `${JSON.stringify({ date: new Date().toISOString(), edits: EDITS, every_ms: EDIT_EVERY_MS, rows, summary }, null, 2)}\n`);
}

void main();
