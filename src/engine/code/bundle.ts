// Compiling a code network with esbuild: the file (or the editor's text of it) and the local
// files it imports, bundled into one ES module with an inline source map; `backprop` and
// `backprop/engine` become a shim over the running engine, other packages stay imports.
// Files are read by our own plugin, so the same code runs on the native esbuild (a development
// checkout) and on esbuild-wasm in-process (what the VSIX ships: no binary per platform, and
// no `node` on PATH needed, which esbuild-wasm's own Node API would spawn).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type * as Esbuild from 'esbuild';

export interface BundleError { message: string; line?: number; column?: number }

const EXTENSIONS = ['.ts', '.mts', '.tsx', '.js', '.mjs', '.jsx', '.json'];

export async function bundleCodeNetwork(file: string, text: string, engineShim: string): Promise<string> {
  const esbuild = await loadBundler();
  const dir = path.dirname(file);
  const out = await esbuild.build({
    stdin: { contents: text, resolveDir: dir, sourcefile: path.basename(file), loader: loaderOf(file) },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', absWorkingDir: dir,
    sourcemap: 'inline', sourcesContent: false, keepNames: true, write: false, logLevel: 'silent',
    plugins: [{
      name: 'backprop-files',
      setup(b) {
        b.onResolve({ filter: /^backprop(\/engine)?$/ }, () => ({ path: 'engine', namespace: 'backprop' }));
        b.onLoad({ filter: /.*/, namespace: 'backprop' }, () => ({ contents: engineShim, loader: 'js' }));
        b.onResolve({ filter: /^(\.{1,2}\/|\/)/ }, (a) => {
          const found = resolveLocal(path.resolve(a.resolveDir, a.path));
          return found ? { path: found, namespace: 'local' } : { errors: [{ text: `cannot find ${a.path} (from ${path.basename(a.importer) || path.basename(file)})` }] };
        });
        // Packages (and node: builtins) stay imports, resolved by Node from beside the file.
        b.onResolve({ filter: /.*/ }, (a) => ({ path: a.path, external: true }));
        b.onLoad({ filter: /.*/, namespace: 'local' }, (a) => ({ contents: readFileSync(a.path, 'utf8'), loader: loaderOf(a.path), resolveDir: path.dirname(a.path) }));
      },
    }],
  });
  return out.outputFiles[0].text;
}

/** A local import as Node and TypeScript find it: as written, with an extension, `.js` meaning `.ts`, or an index. */
function resolveLocal(p: string): string | null {
  const isFile = (f: string) => existsSync(f) && statSync(f).isFile();
  const candidates = [p, ...EXTENSIONS.map((e) => p + e), p.replace(/\.(m?)js$/, '.$1ts'), ...EXTENSIONS.map((e) => path.join(p, `index${e}`))];
  return candidates.find(isFile) ?? null;
}

function loaderOf(file: string): Esbuild.Loader {
  const ext = path.extname(file).toLowerCase();
  return ext === '.ts' || ext === '.mts' ? 'ts' : ext === '.tsx' ? 'tsx' : ext === '.jsx' ? 'jsx' : ext === '.json' ? 'json' : 'js';
}

/** esbuild's error as a message with the line and 1-based column, when it has them. */
export function bundleError(err: unknown): BundleError | null {
  const first = (err as { errors?: Esbuild.Message[] }).errors?.[0];
  if (!first) return null;
  return { message: first.text, line: first.location?.line, column: first.location ? first.location.column + 1 : undefined };
}

let wasm: Promise<typeof Esbuild> | undefined;

/** The native esbuild where installed, else esbuild-wasm in this process; BACKPROP_ESBUILD=wasm forces the second. */
async function loadBundler(): Promise<typeof Esbuild> {
  if (process.env.BACKPROP_ESBUILD !== 'wasm') {
    try { return await import('esbuild'); } catch { /* not installed: the WebAssembly build */ }
  }
  wasm ??= (async () => {
    // The in-process build is esbuild-wasm's browser one; it looks for the worker scope's `self`.
    (globalThis as { self?: unknown }).self ??= globalThis;
    const root = path.dirname(require.resolve('esbuild-wasm/package.json'));
    const api = require(path.join(root, 'lib', 'browser.js')) as typeof Esbuild;
    // The project's lib has no DOM, where WebAssembly's JS-API types live.
    const wa = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<Esbuild.InitializeOptions['wasmModule']> } }).WebAssembly;
    await api.initialize({ wasmModule: await wa.compile(readFileSync(path.join(root, 'esbuild.wasm'))), worker: false });
    return api;
  })();
  return wasm;
}
