// @vscode/test-cli: `npx vscode-test` runs test/vscode/suite in desktop VS Code, where it can
// be downloaded. (Here it cannot: `npm run test:vscode` runs the same files in code-server.)
// The config builds dist/ and the suite first, so `npx vscode-test` alone is enough.
import { defineConfig } from '@vscode/test-cli';
import { execFileSync } from 'node:child_process';
import { buildSuite } from './test/vscode/build.mjs';

execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
await buildSuite();

export default defineConfig({
  label: 'vscode',
  files: 'out/test/vscode/suite/*.test.js',
  workspaceFolder: 'test/vscode/workspace',
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'bdd', timeout: 20_000 },
});
