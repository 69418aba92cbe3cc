// The TypeScript server plugin as a package (tsserver loads plugins by package name only,
// from <extension>/node_modules/<name>): written there by the build, staged so by packaging.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const version = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json'), 'utf8')).version;

export function writePluginPackage(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'backprop-typescript-plugin', version, main: 'index.js', private: true }, null, 2)}\n`);
  writeFileSync(join(dir, 'index.js'), "// Backprop's TypeScript server plugin (src/ts-plugin), built to dist/.\nmodule.exports = require('../../dist/ts-plugin.js');\n");
}
