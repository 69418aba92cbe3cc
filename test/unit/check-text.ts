// Helper for the guided-start tests: `backprop check` on a network file's text, in a throwaway
// workspace that also holds the CSV the templates and snippets name as a placeholder.
import { tempWorkspace } from '../fixtures/data/helpers';
import { prepareRun } from '../../src/engine/prepare';
import type { FileDiagnostic } from '../../src/engine/netfile/spec';

/** 90 rows of `a,b,label,target`: 3 classes (0, 1, 2) and a number, all numeric so that either may be a feature. */
export function placeholderCsv(): string {
  const rows = ['a,b,label,target'];
  for (let i = 0; i < 90; i++) rows.push(`${(i % 7) / 7},${(i % 11) / 11},${i % 3},${(i * 0.37) % 5}`);
  return `${rows.join('\n')}\n`;
}

/** What the engine's checker (the CLI's `check`: parse, load the data, data-aware checks) says. */
export async function checkText(text: string, files: Record<string, string | Uint8Array> = {}): Promise<{ ok: boolean; diagnostics: FileDiagnostic[] }> {
  const ws = tempWorkspace();
  try {
    for (const [name, data] of Object.entries(files)) ws.write(name, data);
    ws.write('net.nn.yaml', text);
    const prepared = await prepareRun(ws.file, { workspaceRoot: ws.dir });
    return { ok: prepared.ok, diagnostics: prepared.diagnostics };
  } finally {
    ws.cleanup();
  }
}

/** `n` 2×2 images and their labels (0, 1, 2, 0, …) as an MNIST-style IDX pair. */
export function idxPair(n: number): { images: Uint8Array; labels: Uint8Array } {
  const header = (magic: number, dims: number[]) => {
    const b = Buffer.alloc(4 + 4 * dims.length);
    b.writeUInt32BE(magic, 0);
    dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
    return b;
  };
  const pixels = Uint8Array.from({ length: n * 4 }, (_, i) => (i * 37) % 256);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 3);
  return { images: Buffer.concat([header(0x803, [n, 2, 2]), pixels]), labels: Buffer.concat([header(0x801, [n]), labels]) };
}

/** 90 items of {input: [a, b], output: class 0, 1 or 2}. */
export function placeholderJson(): string {
  return JSON.stringify(Array.from({ length: 90 }, (_, i) => ({ input: [(i % 7) / 7, (i % 11) / 11], output: i % 3 })));
}

export function describeDiagnostics(ds: FileDiagnostic[]): string {
  return ds.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`).join('\n');
}
