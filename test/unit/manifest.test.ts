// The manifest's commands as a published extension keeps them: each has an icon or a reason
// not to, each palette entry a `when` built from context keys the extension really sets, and
// what runs code (train, diagnose, try) only where the workspace is trusted. Rules over every
// command, so a new one must follow them; test/vscode/suite/manifest.test.ts checks the values
// in a running VS Code.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

interface Command { command: string; title: string; icon?: string }
interface MenuEntry { command: string; when?: string }
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const commands = manifest.contributes.commands as Command[];
const menus = manifest.contributes.menus as Record<string, MenuEntry[]>;
const palette = new Map(menus.commandPalette.map((m) => [m.command, m.when]));

/** Commands without an icon, and why: both take an argument only a click in our UI supplies. */
const NO_ICON: Record<string, string> = {
  'backprop.applyTrial': 'applies one row of the Try the fixes table: the panel\'s Apply button and the quick fix pass the row',
  'backprop.openRun': 'opens a stored run by id: the side view\'s click passes it',
};
/** Palette entries shown without a `when`, and why. */
const ALWAYS_IN_PALETTE: Record<string, string> = {
  'backprop.openPanel': 'Show training panel works from anywhere: with no active network file it reopens the last panel or asks which file',
};
/** Commands that read data files, run a worker or write the run store: they wait for trust. */
const NEEDS_TRUST = ['backprop.train', 'backprop.diagnose', 'backprop.tryFixes'];

/** Every file under src/extension, concatenated (where context keys are set). */
function extensionSource(dir = 'src/extension'): string {
  return readdirSync(dir, { withFileTypes: true }).map((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? extensionSource(p) : e.name.endsWith('.ts') ? readFileSync(p, 'utf8') : '';
  }).join('\n');
}

describe('manifest commands', () => {
  it('gives every command an icon, or a reason not to and no palette entry', () => {
    const without = commands.filter((c) => !c.icon).map((c) => c.command).sort();
    assert.deepEqual(without, Object.keys(NO_ICON).sort());
    for (const c of without) assert.equal(palette.get(c), 'false', `${c} takes its argument from our UI only`);
    for (const c of commands) if (c.icon) assert.match(c.icon, /^\$\([a-z-]+\)$/, `${c.command}: a codicon`);
  });

  it('gives every command a palette entry with a `when`, or a reason to show it always', () => {
    for (const c of commands) {
      const when = palette.get(c.command);
      if (c.command in ALWAYS_IN_PALETTE) assert.equal(when, undefined, `${c.command} is listed as always shown`);
      else assert.ok(when, `${c.command} has no palette \`when\``);
    }
    const declared = new Set(commands.map((c) => c.command));
    for (const m of Object.values(menus).flat()) assert.ok(declared.has(m.command), `menu entry for undeclared ${m.command}`);
  });

  it('builds every `when` from context keys the extension sets (or VS Code\'s own)', () => {
    const source = extensionSource();
    const keys = new Set(Object.values(menus).flat().flatMap((m) => m.when?.match(/\bbackprop\.\w+/g) ?? []));
    assert.deepEqual([...keys].sort(), ['backprop.diagnosing', 'backprop.panel', 'backprop.runs', 'backprop.training', 'backprop.trainingFiles', 'backprop.tryingFixes']);
    // backprop.panel and backprop.runs are the panel's and the view's ids, compared with VS Code's keys.
    for (const key of [...keys].filter((k) => k !== 'backprop.panel' && k !== 'backprop.runs')) {
      assert.match(source, new RegExp(`'setContext', '${key.replace('.', '\\.')}'`), `${key} is never set`);
    }
    const idKeys = Object.values(menus).flat().flatMap((m) => m.when?.match(/\b(view|activeWebviewPanelId) == backprop\.\w+/g) ?? []);
    assert.ok(idKeys.length >= 2);
    const views = (manifest.contributes.views?.backprop ?? []).map((v: { id: string }) => v.id);
    assert.ok(views.includes('backprop.runs'), 'the Runs view is declared');
    assert.match(source, /PANEL_VIEW_TYPE = 'backprop\.panel'/, 'the panel\'s view type');
    assert.match(source, /createWebviewPanel\(PANEL_VIEW_TYPE\b/);
  });

  it('offers what runs code only in a trusted workspace, in the palette and every menu', () => {
    const entries = Object.values(menus).flat().filter((m) => NEEDS_TRUST.includes(m.command));
    assert.ok(entries.length >= NEEDS_TRUST.length);
    for (const m of entries) assert.match(m.when ?? '', /\bisWorkspaceTrusted\b/, `${m.command}: ${m.when}`);
  });

  it('shows Stop and Cancel only while there is something to stop', () => {
    assert.equal(palette.get('backprop.stop'), 'backprop.training');
    assert.equal(palette.get('backprop.cancelDiagnose'), 'backprop.diagnosing');
    assert.equal(palette.get('backprop.cancelTryFixes'), 'backprop.tryingFixes');
  });
});
