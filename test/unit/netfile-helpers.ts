// Shared helpers for the netfile tests: reading fixtures and picking diagnostics apart.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseNetworkFile, type ParseResult } from '../../src/engine/netfile/index';
import type { FileDiagnostic } from '../../src/engine/netfile/spec';

export const FIXTURES = resolve('test/fixtures/netfile');
export const EXAMPLES = resolve('examples');

export function parseFixture(name: string): ParseResult & { file: string } {
  const file = resolve(FIXTURES, name);
  return { ...parseNetworkFile(readFileSync(file, 'utf8'), file), file };
}

/** Diagnostics as compact "LINE:COL severity code" strings, for exact comparisons. */
export function where(ds: FileDiagnostic[]): string[] {
  return ds.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);
}

export function errors(ds: FileDiagnostic[]): FileDiagnostic[] {
  return ds.filter((d) => d.severity === 'error');
}
