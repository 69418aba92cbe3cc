// Runs the built CLI (dist/cli.js) as a child process with a deadline, measuring its wall
// time and peak memory, and checks what every run must satisfy whatever its input.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
export const CLI = path.join(ROOT, 'dist/cli.js');
export const BIN = path.join(ROOT, 'bin/backprop.js');
const PROBE = path.join(__dirname, 'rss-probe.cjs');

/** One CLI run must end within this (a hang is a failure), and stay under this memory. */
export const CASE_TIMEOUT_MS = 20_000;
export const MAX_RSS_MIB = 1024;

export interface CliRun {
  args: string[];
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** Peak resident memory of the process, MiB (undefined when it was killed). */
  rssMiB?: number;
  timedOut: boolean;
}

/** The CLI under test is the bundled one: `npm run test:fuzz` builds it first; a file run alone builds it if missing. */
export function buildOnce(): void {
  if (!existsSync(CLI)) execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'ignore' });
}

const rssDir = mkdtempSync(path.join(tmpdir(), 'backprop-fuzz-rss-'));
process.on('exit', () => rmSync(rssDir, { recursive: true, force: true }));
let rssCount = 0;

/** `node dist/cli.js ARGS`, killed at `timeoutMs`; `onStdout` sees the output as it comes. */
export function runCli(args: string[], opts: { cwd?: string; timeoutMs?: number; entry?: string; onSpawn?: (kill: (s: NodeJS.Signals) => void, stdout: () => string) => void } = {}): Promise<CliRun> {
  const rssFile = path.join(rssDir, `${rssCount++}`);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--require', PROBE, opts.entry ?? CLI, ...args], {
    cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FUZZ_RSS_FILE: rssFile, NO_COLOR: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => { stdout += t; });
  child.stderr.setEncoding('utf8').on('data', (t: string) => { stderr += t; });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs ?? CASE_TIMEOUT_MS);
  opts.onSpawn?.((s) => child.kill(s), () => stdout);
  return new Promise((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      let rssMiB: number | undefined;
      try { rssMiB = Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number)) / 1024; } catch { /* killed */ }
      resolve({ args, status, signal, stdout, stderr, ms: performance.now() - t0, rssMiB, timedOut });
    });
  });
}

const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>)$/m;

/**
 * What holds for any input: it ended in time, with exit 0, 1 or 2, within the memory bound,
 * with no internal error or stack trace, and an exit 2 says where (FILE:LINE:COL: error).
 * `label` names the case in a failure (with the seed printed at the start, it reproduces it).
 */
export function assertSane(r: CliRun, label: string, allowed: readonly number[] = [0, 1, 2]): void {
  const why = `${label}\n$ backprop ${r.args.join(' ')}\nexit ${r.status} ${r.signal ?? ''} in ${r.ms.toFixed(0)} ms\n--- stderr\n${r.stderr.slice(0, 2000)}\n--- stdout\n${r.stdout.slice(-1000)}`;
  assert.ok(!r.timedOut, `hang (killed after ${r.ms.toFixed(0)} ms): ${why}`);
  assert.ok(r.status !== null && allowed.includes(r.status), `exit status: ${why}`);
  assert.doesNotMatch(r.stderr, /internal error/, why);
  assert.doesNotMatch(r.stderr + r.stdout, STACK_FRAME, `stack trace: ${why}`);
  if (r.rssMiB !== undefined) assert.ok(r.rssMiB < MAX_RSS_MIB, `peak memory ${r.rssMiB.toFixed(0)} MiB ≥ ${MAX_RSS_MIB}: ${why}`);
  if (r.status === 2) assert.match(r.stderr, /^\S[^\n]*?:\d+:\d+: error: /m, `exit 2 without FILE:LINE:COL: ${why}`);
}

/** Runs `jobs` two at a time (the CI machines have two cores), stopping new ones past `deadline`. */
export async function inPairs<T>(jobs: (() => Promise<T>)[], deadline: number): Promise<{ done: T[]; skipped: number }> {
  const done: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length && performance.now() < deadline) done.push(await jobs[next++]!());
  };
  await Promise.all([worker(), worker()]);
  return { done, skipped: jobs.length - next };
}
