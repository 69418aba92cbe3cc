// Bundle the VS Code suite: test/vscode/suite/*.ts → out/test/vscode/suite/*.js (CommonJS,
// `vscode` external; mocha bundled in so the host needs nothing from node_modules).
// Each *.test.ts is its own entry, so index.js finds and loads them one by one.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const suite = join(root, 'test/vscode/suite');
export const OUT_DIR = join(root, 'out/test/vscode/suite');

export async function buildSuite({ watch = false } = {}) {
  const entries = readdirSync(suite).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  const options = {
    entryPoints: entries.map((f) => join(suite, f)), outdir: OUT_DIR, outbase: suite,
    bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline',
    external: ['vscode'], logLevel: 'warning', absWorkingDir: root,
    // mocha's parallel mode (unused here) resolves worker files at run time; fine to leave out.
    logOverride: { 'require-resolve-not-external': 'silent' },
  };
  if (watch) return (await esbuild.context(options)).watch();
  await esbuild.build(options);
  return entries.map((f) => relative(root, join(OUT_DIR, f.replace(/\.ts$/, '.js'))));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const watch = process.argv.includes('--watch');
  const built = await buildSuite({ watch });
  console.log(watch ? 'watching the VS Code suite' : `built ${built.join(', ')}`);
}
