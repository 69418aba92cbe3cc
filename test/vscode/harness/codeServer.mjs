// Start and stop an isolated code-server (VS Code's workbench + a real Node extension host).
// Isolated: its own user-data, extensions and config folders in a temp dir, workspace trust
// off, AI features, telemetry and updates off. Stopped by killing its whole process group
// (the PID alone leaves file watchers behind), also on failure, SIGINT and exit.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const SETTINGS = {
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden', // the (empty) chat side bar
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'window.restoreWindows': 'none',
};

/** Paths written by scripts/setup.sh; env vars override them. */
export function installedPaths() {
  const cache = process.env.BACKPROP_CACHE || join(homedir(), '.cache', 'backprop');
  const file = join(cache, 'env.json');
  const env = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const paths = {
    node24: process.env.BACKPROP_NODE24 || env.node24,
    codeServer: process.env.BACKPROP_CODE_SERVER || env.codeServer,
    chromium: process.env.BACKPROP_CHROMIUM || env.chromium || '/usr/bin/chromium',
  };
  for (const [k, v] of Object.entries(paths)) {
    if (!v || !existsSync(v)) throw new Error(`${k} not found (${v}); run: bash scripts/setup.sh`);
  }
  return paths;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    }).on('error', reject);
  });
}

const running = new Set();
const tempDirs = new Set();
function killGroup(child, signal) {
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}
function removeTemp(dir) {
  if (!process.env.BACKPROP_KEEP_TMP) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  tempDirs.delete(dir);
}
// Last resort: whatever happens to this process, the workbench goes with it.
process.on('exit', () => {
  for (const c of running) killGroup(c, 'SIGKILL');
  for (const d of tempDirs) removeTemp(d);
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { for (const c of running) killGroup(c, 'SIGKILL'); process.exit(130); });
}

/**
 * @param {{ workspace: string, settings?: object, smokeTestDriver?: boolean, installExtensions?: string[], log?: (s: string) => void }} opts
 * `workspace` is copied into the temp dir, so tests may write into it freely.
 * `installExtensions`: VSIX files installed into the run's own extensions folder first, as a
 * user would (`code-server --install-extension`).
 */
export async function startCodeServer(opts) {
  const paths = installedPaths();
  const dir = mkdtempSync(join(tmpdir(), 'backprop-cs-'));
  tempDirs.add(dir);
  const userData = join(dir, 'user-data');
  const extensions = join(dir, 'extensions');
  const workspace = join(dir, 'workspace');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions);
  cpSync(opts.workspace, workspace, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...opts.settings }, null, 2));
  writeFileSync(join(dir, 'config.yaml'), 'auth: none\ncert: false\n');

  for (const vsix of opts.installExtensions ?? []) {
    const r = spawnSync(paths.node24, [paths.codeServer, '--install-extension', vsix, '--extensions-dir', extensions,
      '--user-data-dir', userData], { encoding: 'utf8', env: { ...process.env, XDG_DATA_HOME: join(dir, 'xdg-data') } });
    opts.log?.(r.stdout + r.stderr);
    if (r.status !== 0) {
      removeTemp(dir);
      throw new Error(`code-server --install-extension ${vsix} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
    }
  }

  const port = await freePort();
  const args = [paths.codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--config', join(dir, 'config.yaml'),
    '--user-data-dir', userData, '--extensions-dir', extensions,
    ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []), workspace];
  // detached = its own process group (setsid), so one kill(-pid) ends it and its children.
  const child = spawn(paths.node24, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    // XDG_DATA_HOME: code-server keeps logs and a heartbeat there; keep them out of $HOME too.
    env: { ...process.env, XDG_DATA_HOME: join(dir, 'xdg-data'), ...opts.env } });
  running.add(child);
  const output = [];
  const onData = (d) => { output.push(String(d)); opts.log?.(String(d)); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('exit', (code, sig) => { running.delete(child); resolve(code ?? sig); }));

  const url = `http://127.0.0.1:${port}`;
  const server = {
    url, port, dir, workspace, output, exited,
    async stop() {
      if (running.has(child)) {
        killGroup(child, 'SIGTERM');
        const t = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
        killGroup(child, 'SIGKILL'); // stragglers in the group
      }
      removeTemp(dir);
    },
  };
  try {
    await waitForHealth(url, exited);
  } catch (err) {
    await server.stop();
    throw new Error(`${err.message}\n${output.join('')}`);
  }
  return server;
}

async function waitForHealth(url, exited, timeoutMs = 60_000) {
  let gone = false;
  exited.then(() => { gone = true; });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(gone ? 'code-server exited during startup' : 'code-server did not start in time');
}
