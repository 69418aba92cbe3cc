// Loading a code network file (*.nn.ts / *.nn.js / *.nn.mjs): bundled by esbuild with inline
// source maps (TypeScript compiled on the fly), its `backprop` / `backprop/engine` imports
// bound to the engine that runs it (one Tensor class, one backend), then imported.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isCodeNetwork, type CodeNetwork } from './network';

/** Whether a path names a code network rather than a YAML/JSON network file. */
export const CODE_NETWORK = /\.nn\.(ts|mts|js|mjs)$/i;

export class CodeNetworkError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'CodeNetworkError';
  }
}

const ENGINE_KEY = Symbol.for('backprop.engine');

/**
 * Compile and import `file`, returning the network it exports (default, or a named
 * `network`). `engine` is the engine module's namespace: the file's imports of it resolve to it.
 */
export async function loadCodeNetwork(file: string, engine: Record<string, unknown>): Promise<CodeNetwork> {
  const esbuild = await import('esbuild').catch((err: Error) => {
    throw new CodeNetworkError(`code networks need esbuild to compile them, and it could not be loaded: ${err.message}`);
  });
  (globalThis as Record<symbol, unknown>)[ENGINE_KEY] = engine;
  // Stack traces of the user's code name the user's file and line, through the source map.
  process.setSourceMapsEnabled(true);
  const dir = path.dirname(path.resolve(file));
  let out;
  try {
    out = await esbuild.build({
      entryPoints: [path.resolve(file)], bundle: true, platform: 'node', format: 'esm', target: 'node20',
      sourcemap: 'inline', sourcesContent: false, keepNames: true, write: false, logLevel: 'silent', packages: 'external',
      absWorkingDir: dir,
      plugins: [{
        name: 'backprop-engine',
        setup(b) {
          b.onResolve({ filter: /^backprop(\/engine)?$/ }, () => ({ path: 'engine', namespace: 'backprop' }));
          b.onLoad({ filter: /.*/, namespace: 'backprop' }, () => ({ contents: shim(engine), loader: 'js' }));
        },
      }],
    });
  } catch (err) {
    const first = (err as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }).errors?.[0];
    if (first) throw new CodeNetworkError(first.text, first.location?.line, first.location ? first.location.column + 1 : undefined);
    throw err;
  }
  // Beside the file (under .backprop/build) so that its external imports resolve from the
  // workspace's node_modules, as they would for the file itself.
  const buildDir = path.join(dir, '.backprop', 'build');
  mkdirSync(buildDir, { recursive: true });
  const bundle = path.join(buildDir, `${path.basename(file)}.${process.pid}.${Date.now()}.mjs`);
  writeFileSync(bundle, fixSourcePaths(out.outputFiles[0].text, dir));
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(bundle).href);
  } finally {
    rmSync(bundle, { force: true });
  }
  const net = mod.default ?? mod.network;
  if (isCodeNetwork(net)) return net;
  throw new CodeNetworkError(`${path.basename(file)} must \`export default network({ data, model, train })\` (import { network } from 'backprop/engine')`);
}

/** An ES module re-exporting the running engine's namespace. */
function shim(engine: Record<string, unknown>): string {
  const names = Object.keys(engine).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default');
  return `const e = globalThis[Symbol.for('backprop.engine')];\n${names.map((n) => `export const ${n} = e.${n};`).join('\n')}\nexport default e;\n`;
}

/** The inline source map names sources relative to the working directory; make them absolute. */
function fixSourcePaths(code: string, dir: string): string {
  const marker = '//# sourceMappingURL=data:application/json;base64,';
  const at = code.lastIndexOf(marker);
  if (at < 0) return code;
  const map = JSON.parse(Buffer.from(code.slice(at + marker.length).trim(), 'base64').toString('utf8'));
  map.sources = (map.sources as string[]).map((s) => (s.startsWith('backprop:') ? s : pathToFileURL(path.resolve(dir, s)).href));
  return code.slice(0, at) + marker + Buffer.from(JSON.stringify(map)).toString('base64') + '\n';
}
