#!/usr/bin/env node
// The `backprop` command: runs the bundled CLI (npm run build writes dist/cli.js).
//
// Dawn (the WebGPU library) writes two harmless lines to stderr whenever it opens a software
// Vulkan adapter such as lavapipe ("Warning: maxDynamicUniformBuffersPerPipelineLayout
// artificially reduced from 1000000 to 16 …"). Native code writes them straight to file
// descriptor 2, out of Node's reach, so the CLI runs in a child process whose stderr passes
// through here without them. Everything else (progress bars included) passes unchanged.
const { existsSync } = require('node:fs');
const path = require('node:path');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('backprop: the CLI is not built yet: run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(2);
}

const CHILD = 'BACKPROP_CLI_CHILD';
const COLUMNS = 'BACKPROP_STDERR_COLUMNS';

if (process.env[CHILD]) {
  // The child: stderr is a pipe to the parent, which writes to the terminal, so draw the
  // progress bar as on a terminal.
  if (process.env[COLUMNS]) Object.assign(process.stderr, { isTTY: true, columns: Number(process.env[COLUMNS]) });
  // Its own process group hears no signal but the parent's; should the parent die, stop too.
  const parent = Number(process.env[CHILD]);
  setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM'); }, 1000).unref();
  require(cli);
} else {
  runFiltered();
}

function runFiltered() {
  const { spawn } = require('node:child_process');
  const env = { ...process.env, [CHILD]: String(process.pid) };
  if (process.stderr.isTTY) env[COLUMNS] = String(process.stderr.columns || 80);
  // In a process group of its own, so that each signal reaches it once, passed on from here:
  // Ctrl-C at a terminal signals the whole foreground group, and a second copy of the same
  // Ctrl-C would read as "quit now" instead of "stop training and keep the run".
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'pipe'], env, detached: process.platform !== 'win32' }); // (on Windows: a console window)
  const filter = dawnWarningFilter((text) => process.stderr.write(text));
  child.stderr.setEncoding('utf8').on('data', filter.write);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    process.stderr.write(`backprop: could not start the CLI: ${err.message}\n`);
    process.exit(1);
  });
  child.on('close', (code, signal) => {
    filter.end();
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exitCode = code ?? 1;
    }
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
