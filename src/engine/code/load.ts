// Loading a code network file (*.nn.ts / *.nn.js / *.nn.mjs): compiled by esbuild (bundle.ts),
// its `backprop` / `backprop/engine` imports bound to the engine that runs it (one Tensor
// class, one backend), then imported.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleCodeNetwork, bundleError } from './bundle';
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
export async function loadCodeNetwork(file: string, engine: Record<string, unknown>, text?: string): Promise<CodeNetwork> {
  (globalThis as Record<symbol, unknown>)[ENGINE_KEY] = engine;
  // Stack traces of the user's code name the user's file and line, through the source map.
  process.setSourceMapsEnabled(true);
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  let code: string;
  try {
    code = await bundleCodeNetwork(abs, text ?? readFileSync(abs, 'utf8'), shim(engine));
  } catch (err) {
    const e = bundleError(err);
    if (e) throw new CodeNetworkError(e.message, e.line, e.column);
    throw err;
  }
  // Beside the file (under .backprop/build) so that its external imports resolve from the
  // workspace's node_modules, as they would for the file itself.
  const buildDir = path.join(dir, '.backprop', 'build');
  mkdirSync(buildDir, { recursive: true });
  const bundle = path.join(buildDir, `${path.basename(file)}.${process.pid}.${Date.now()}.mjs`);
  writeFileSync(bundle, fixSourcePaths(code, dir));
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
