// A throwaway workspace for fuzz cases: the test fixtures' data files inside it, and a
// secret file outside it that no case may ever print (a symlink inside points at it).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SECRET = 'SECRET-OUTSIDE-THE-WORKSPACE-7f3a';

export interface FuzzWorkspace {
  dir: string;
  write(name: string, data: string | Uint8Array): string;
  cleanup(): void;
}

export function fuzzWorkspace(): FuzzWorkspace {
  const outer = mkdtempSync(path.join(tmpdir(), 'backprop-fuzz-'));
  const dir = path.join(outer, 'ws');
  mkdirSync(dir);
  // Looks like data, sits outside: reading it would print the secret in an error or a row.
  writeFileSync(path.join(outer, 'outside.csv'), `a,b,y\n1,2,${SECRET}\n`);
  writeFileSync(path.join(outer, 'outside.json'), JSON.stringify([{ input: [1], output: SECRET }]));
  symlinkSync(path.join(outer, 'outside.csv'), path.join(dir, 'link-out.csv'));
  symlinkSync(path.join(outer, 'outside.json'), path.join(dir, 'link-out.json'));
  symlinkSync(outer, path.join(dir, 'up'));
  const fixtures = path.resolve(__dirname, '../fixtures/data');
  for (const f of readdirSync(fixtures)) if (/\.(csv|json)$/.test(f)) copyFileSync(path.join(fixtures, f), path.join(dir, f));
  const write = (name: string, data: string | Uint8Array) => {
    const p = path.join(dir, name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, data);
    return p;
  };
  return { dir, write, cleanup: () => rmSync(outer, { recursive: true, force: true }) };
}
