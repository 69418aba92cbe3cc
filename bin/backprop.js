#!/usr/bin/env node
// The `backprop` command: runs the bundled CLI (npm run build writes dist/cli.js).
//
// On Linux, Dawn (the WebGPU library) writes two harmless lines to stderr when its Vulkan
// backend opens an adapter that reports very large limits, as lavapipe does ("Warning:
// maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 …").
// Native code writes them straight to file descriptor 2, out of Node's reach, so there the
// CLI runs in a child process whose fd 2 is a pipe read here, less those lines. On a
// terminal the CLI's own stderr (progress bar, messages) goes to the terminal directly as
// fd 3, so that it stays in order with stdout.
const { existsSync } = require('node:fs');
const path = require('node:path');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('backprop: the CLI is not built yet: run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(2);
}

const CHILD = 'BACKPROP_CLI_CHILD';
const STDERR_FD3 = 'BACKPROP_CLI_STDERR_FD3';

if (process.env[CHILD]) runChild();
else if (process.platform === 'linux') runFiltered();
else require(cli); // Metal and D3D12 print no such lines, and a child would cost Ctrl-C handling.

function runChild() {
  const parent = Number(process.env[CHILD]);
  const fd3 = process.env[STDERR_FD3] === '1';
  delete process.env[CHILD]; // a `backprop` started from here filters for itself
  delete process.env[STDERR_FD3];
  if (fd3) {
    const tty = require('node:tty');
    Object.defineProperty(process, 'stderr', { value: new tty.WriteStream(3), configurable: true, enumerable: true, writable: true });
  }
  // Its own process group hears only what the parent passes on; should the parent die, stop
  // as Ctrl-C does (the run is kept).
  setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, 'SIGINT'); }, 1000).unref();
  require(cli);
}

function runFiltered() {
  const { spawn } = require('node:child_process');
  const { constants } = require('node:os');
  const env = { ...process.env, [CHILD]: String(process.pid) };
  const stdio = ['inherit', 'inherit', 'pipe'];
  if (process.stderr.isTTY) {
    env[STDERR_FD3] = '1';
    stdio.push(2);
  }
  // In a process group of its own, so that each signal reaches it once, passed on from here:
  // Ctrl-C at a terminal signals the whole foreground group, and a second copy of the same
  // Ctrl-C would read as "quit now" instead of "stop training and keep the run".
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], { stdio, env, detached: true });
  const filter = dawnWarningFilter((text) => process.stderr.write(text));
  child.stderr.setEncoding('utf8').on('data', filter.write);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']) process.on(signal, () => child.kill(signal));
  // Ctrl-Z stops both; `fg` (SIGCONT) resumes both.
  process.on('SIGTSTP', () => { child.kill('SIGSTOP'); process.kill(process.pid, 'SIGSTOP'); });
  process.on('SIGCONT', () => child.kill('SIGCONT'));
  child.on('error', (err) => {
    process.stderr.write(`backprop: could not start the CLI: ${err.message}\n`);
    process.exit(1);
  });
  child.on('close', (code, signal) => {
    filter.end();
    if (!signal) {
      process.exitCode = code ?? 1;
      return;
    }
    // End the way the child did; the shell's status if this process ignores the signal.
    process.exitCode = 128 + (constants.signals[signal] ?? 0);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}

/** Passes text on, less Dawn's adapter-limit warnings; holds back only a line that may be one. */
function dawnWarningFilter(out) {
  const WARNING = /^Warning: maxDynamic\w+ artificially reduced from \d+ to \d+ to fit dynamic offset allocation limit\.\r?\n/gm;
  const PREFIX = 'Warning: maxDynamic';
  let held = '';
  return {
    write(text) {
      const all = (held + text).replace(WARNING, '');
      const lastLine = all.slice(all.lastIndexOf('\n') + 1);
      // An unfinished last line that could still become a warning waits for the rest.
      const maybe = lastLine.length > 0 && (PREFIX.startsWith(lastLine) || lastLine.startsWith(PREFIX));
      held = maybe ? lastLine : '';
      const now = maybe ? all.slice(0, all.length - lastLine.length) : all;
      if (now) out(now);
    },
    end() {
      if (held) out(held);
      held = '';
    },
  };
}
