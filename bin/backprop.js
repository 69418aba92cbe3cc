#!/usr/bin/env node
// The `backprop` command: runs the bundled CLI (npm run build writes dist/cli.js).
const { existsSync } = require('node:fs');
const path = require('node:path');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('backprop: the CLI is not built yet: run `npm run build` in ' + path.dirname(__dirname) + '\n');
  process.exit(2);
}
require(cli);
