// npm run package: one VSIX per platform in out/vsix/, each with only its own Dawn binary.
// Everything else is bundled by esbuild (scripts/build.mjs --minify), so a VSIX is staged from
// a list of what runs, not from the repository minus an ignore list: package.json, README,
// CHANGELOG, LICENSE, what the extension runs from dist/ (no source maps, not the CLI or the
// library bundle), media/, node_modules/webgpu with the one dist/<platform>/ folder its
// index.js loads (dawn.node; on Windows its two DLLs beside it), and esbuild-wasm's
// in-process build for code networks.
// README links: there is no public repository URL, and VS Code's extension page opens only
// absolute links, so relative links to repository files become plain text naming the file;
// the README's screenshots (media/screenshots/) are left out, as the extension page would show
// them broken; `--base-url URL` (where the repository's files are served) makes links and
// screenshots absolute instead.
// Usage: node scripts/package.mjs [--target T[,T…]] [--base-url URL] [--no-build]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePluginPackage } from './plugin-package.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** vsce target → the folder of node_modules/webgpu/dist/ that `webgpu`'s index.js loads there
 *  (`${platform}-${arch}`, and darwin-universal for both Mac architectures). */
export const DAWN_FOLDERS = {
  'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64',
  'darwin-arm64': 'darwin-universal', 'darwin-x64': 'darwin-universal',
  'win32-x64': 'win32-x64', 'win32-arm64': 'win32-arm64',
};
export const OUT_DIR = join(root, 'out', 'vsix');
/** What the extension host and its worker load from dist/ (src/extension/worker/workerProcess.ts,
 *  webviews/html.ts, the as-you-type parse thread language/documents.ts; the worker reads
 *  kernels.wasm and mnist/ beside itself). */
const DIST_ENTRIES = ['extension.js', 'worker.js', 'parse-worker.js', 'kernels.wasm', 'webview', 'mnist', 'ts-plugin.js', 'types'];

/** Relative links `[text](path)` → `text` followed by the path in code, or absolute on `baseUrl`.
 *  Relative images (media/screenshots/) are dropped without `baseUrl`: VS Code's extension
 *  page shows a local README's relative images as broken ones (measured in test:package), so
 *  the screenshots do not ship and only absolute images can show them. */
export function rewriteReadmeLinks(markdown, baseUrl) {
  return markdown.replace(/(!?)\[([^\]]+)\]\(([^)\s]+)\)\n?/g, (all, bang, text, target) => {
    if (/^([a-z][a-z0-9+.-]*:|#)/i.test(target)) return all; // absolute, mailto:, or an anchor
    const newline = all.endsWith('\n') ? '\n' : '';
    if (baseUrl) return `${bang}[${text}](${baseUrl.replace(/\/?$/, '/')}${target.replace(/^\.\//, '')})${newline}`;
    if (bang) return ''; // the image, and its line
    return `${text.replace(/`/g, '') === target ? `\`${target}\`` : `${text} (\`${target}\`)`}${newline}`;
  });
}

/** The manifest as installed: no scripts, no CLI or library entry points, and `webgpu` as the
 *  one dependency (the rest is bundled): vsce takes node_modules/ only from `npm list`. */
function packagedManifest(pkg, webgpuVersion, esbuildWasmVersion) {
  const { scripts, devDependencies, dependencies, bin, exports, private: _private, ...rest } = pkg;
  return { ...rest, dependencies: { webgpu: webgpuVersion, 'esbuild-wasm': esbuildWasmVersion, 'backprop-typescript-plugin': pkg.version } };
}

/** What code networks compile with in the VSIX (src/engine/code/bundle.ts): esbuild-wasm's
 *  in-process browser build and its WebAssembly binary, one for every platform. */
function stageEsbuildWasm(dir) {
  const from = join(root, 'node_modules', 'esbuild-wasm');
  const pkg = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8'));
  const into = join(dir, 'node_modules', 'esbuild-wasm');
  mkdirSync(join(into, 'lib'), { recursive: true });
  const { directories, ...manifest } = pkg;
  writeFileSync(join(into, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const f of ['LICENSE.md', 'esbuild.wasm', 'lib/browser.js']) cpSync(join(from, f), join(into, f));
  return pkg.version;
}

/** webgpu's own manifest without its dependencies: index.js needs none at run time (`debug`
 *  serves its build scripts, `@webgpu/types` is types), and `npm list` would miss them. */
function webgpuManifest(webgpuPkg) {
  const { dependencies, devDependencies, scripts, ...rest } = webgpuPkg;
  return rest;
}

function stage(target, pkg, baseUrl) {
  const dir = join(root, 'out', 'stage', target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const webgpu = join(root, 'node_modules', 'webgpu');
  const webgpuPkg = JSON.parse(readFileSync(join(webgpu, 'package.json'), 'utf8'));
  const esbuildWasmVersion = stageEsbuildWasm(dir);
  writePluginPackage(join(dir, 'node_modules', 'backprop-typescript-plugin'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(packagedManifest(pkg, webgpuPkg.version, esbuildWasmVersion), null, 2)}\n`);
  writeFileSync(join(dir, 'README.md'), rewriteReadmeLinks(readFileSync(join(root, 'README.md'), 'utf8'), baseUrl));
  for (const f of ['CHANGELOG.md', 'LICENSE']) cpSync(join(root, f), join(dir, f));
  writeFileSync(join(dir, '.vscodeignore'), '# Staged by scripts/package.mjs: everything here ships.\n');
  cpSync(join(root, 'media'), join(dir, 'media'), { recursive: true, filter: (src) => !src.startsWith(join(root, 'media', 'screenshots')) });
  // The format reference that hover and completion link to (docs/network-file.md).
  cpSync(join(root, 'docs', 'network-file.md'), join(dir, 'docs', 'network-file.md'));
  for (const f of DIST_ENTRIES) {
    cpSync(join(root, 'dist', f), join(dir, 'dist', f), { recursive: true, filter: (src) => !src.endsWith('.map') });
  }
  const into = join(dir, 'node_modules', 'webgpu');
  mkdirSync(into, { recursive: true });
  writeFileSync(join(into, 'package.json'), `${JSON.stringify(webgpuManifest(webgpuPkg), null, 2)}\n`);
  for (const f of ['index.js', 'LICENSE.md']) cpSync(join(webgpu, f), join(into, f));
  cpSync(join(webgpu, 'dist', DAWN_FOLDERS[target]), join(into, 'dist', DAWN_FOLDERS[target]), { recursive: true });
  return dir;
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

/** Builds (unless `build` is false) and packages; returns the VSIX paths. */
export function packageTargets({ targets = Object.keys(DAWN_FOLDERS), baseUrl, build = true } = {}) {
  for (const t of targets) if (!DAWN_FOLDERS[t]) throw new Error(`unknown target ${t}; one of ${Object.keys(DAWN_FOLDERS).join(', ')}`);
  if (build) run(process.execPath, [join(root, 'scripts/build.mjs'), '--minify'], root);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  mkdirSync(OUT_DIR, { recursive: true });
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const made = [];
  for (const target of targets) {
    const dir = stage(target, pkg, baseUrl);
    const out = join(OUT_DIR, `${pkg.name}-${target}-${pkg.version}.vsix`);
    // --no-yarn: vsce lists the staged node_modules with `npm list --production`.
    run(process.execPath, [vsce, 'package', '--target', target, '--no-yarn', '--allow-missing-repository',
      '--no-rewrite-relative-links', '--out', out], dir);
    made.push(out);
  }
  return made;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const made = packageTargets({ targets: value('--target')?.split(','), baseUrl: value('--base-url'), build: !args.includes('--no-build') });
  for (const f of made) console.log(`${f.slice(root.length + 1)}  ${(statSync(f).size / 1e6).toFixed(1)} MB`);
  rmSync(join(root, 'out', 'stage'), { recursive: true, force: true });
}
