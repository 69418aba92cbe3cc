// The test-electron contract: the extension host loads this file and awaits `run()`;
// a rejection means failure. Used by code-server here (test/vscode/run.mjs) and by
// test-electron / the "Extension Tests" launch config elsewhere.
// With BACKPROP_TEST_OUTPUT set (run.mjs), the reporter's lines go to that file, and a
// summary to <file>.json, because the extension host's console is not the terminal.
import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const output = process.env.BACKPROP_TEST_OUTPUT;
  if (output) {
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) => appendFileSync(output, format(...args) + '\n');
  }
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    timeout: 20_000,
    color: process.env.BACKPROP_TEST_COLOR === '1',
    grep: process.env.BACKPROP_TEST_GREP || undefined,
  });
  for (const f of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, f));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      if (output) writeFileSync(`${output}.json`, JSON.stringify({ passed: passes, failed: failures, pending }));
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
}
