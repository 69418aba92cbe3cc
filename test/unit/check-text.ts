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
export async function checkText(text: string, csvNames: string[] = []): Promise<{ ok: boolean; diagnostics: FileDiagnostic[] }> {
  const ws = tempWorkspace();
  try {
    for (const name of csvNames) ws.write(name, placeholderCsv());
    ws.write('net.nn.yaml', text);
    const prepared = await prepareRun(ws.file, { workspaceRoot: ws.dir });
    return { ok: prepared.ok, diagnostics: prepared.diagnostics };
  } finally {
    ws.cleanup();
  }
}

export function describeDiagnostics(ds: FileDiagnostic[]): string {
  return ds.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}: ${d.message}`).join('\n');
}
