// The tfjs peers, loaded side by side in this process: tfjs-backend-webgpu (on the same Dawn
// adapter our backend uses), -cpu and -wasm. Each can fail to load; the reason is reported.
import * as path from 'node:path';

export type Tf = typeof import('@tensorflow/tfjs-core');

export interface Peers {
  tf: Tf;
  /** Backend names that initialised, e.g. ['tfjs-webgpu', 'tfjs-cpu', 'tfjs-wasm']. */
  available: string[];
  /** Why a peer is missing. */
  missing: Record<string, string>;
  /** tfjs backend name for a peer name. */
  backendOf: (peer: string) => string;
}

const NAMES: Record<string, string> = { 'tfjs-webgpu': 'webgpu', 'tfjs-cpu': 'cpu', 'tfjs-wasm': 'wasm' };

export async function loadPeers(): Promise<Peers> {
  const missing: Record<string, string> = {};
  // tfjs-backend-webgpu looks for navigator.gpu and the GPU* globals when it loads; keep the
  // GPU object referenced for the life of the process (see ENVIRONMENT.md).
  const { create, globals } = (await import('webgpu')) as unknown as { create: (o: string[]) => GPU; globals: object };
  for (const [k, v] of Object.entries(globals)) {
    if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  }
  const gpu = create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, userAgent: 'node' }, configurable: true, writable: true });
  const tf = (await import('@tensorflow/tfjs-core')) as Tf;
  // The union package `@tensorflow/tfjs` registers gradients; with tfjs-core alone we must.
  // `require` (not import()): the ESM files import './gradients', which is both a file and a
  // folder, and only CommonJS resolution picks the file. Registries are global, so the
  // gradients land in the same engine as the tf-core.node.js bundle we use.
  require('@tensorflow/tfjs-core/dist/register_all_gradients');
  await import('@tensorflow/tfjs-backend-cpu');
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
  } catch (e) {
    missing['tfjs-webgpu'] = (e as Error).message;
  }
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    wasm.setWasmPaths(dir + path.sep);
  } catch (e) {
    missing['tfjs-wasm'] = (e as Error).message;
  }
  const available: string[] = [];
  for (const [peer, name] of Object.entries(NAMES)) {
    if (missing[peer]) continue;
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        available.push(peer);
      } else {
        missing[peer] = `tf.setBackend('${name}') returned false`;
      }
    } catch (e) {
      missing[peer] = (e as Error).message;
    }
  }
  return { tf, available, missing, backendOf: (p) => NAMES[p]! };
}
