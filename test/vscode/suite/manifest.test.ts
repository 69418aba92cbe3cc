// What the manifest declares besides commands: the JSON schema of network files (its word
// lists must be the parser's), settings, menus and palette conditions, and how the extension
// behaves remotely and in untrusted or virtual workspaces.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ACTIVATIONS, BACKENDS, BUILTIN_SOURCES, LOSSES, NORMALIZATIONS, OPTIMIZERS, TOP_LEVEL_KEYS, TRAIN_KEYS } from '../../../src/engine/netfile/vocab';
import { EXTENSION_ID } from './util';

describe('manifest', () => {
  const ext = () => vscode.extensions.getExtension(EXTENSION_ID)!;
  const manifest = () => ext().packageJSON;
  const schema = () => JSON.parse(readFileSync(path.join(ext().extensionPath, 'media/network.schema.json'), 'utf8'));

  // yamlValidation/jsonValidation apply only to documents in the yaml/json languages; network
  // files are backprop-network, so such entries would never apply (the schema stays shipped).
  it('contributes no YAML/JSON validation that could never apply', () => {
    const c = manifest().contributes;
    assert.equal(c.yamlValidation, undefined);
    assert.equal(c.jsonValidation, undefined);
  });

  it('has the schema words the parser accepts', () => {
    const s = schema();
    assert.deepEqual(Object.keys(s.properties).sort(), [...TOP_LEVEL_KEYS].sort());
    assert.deepEqual(Object.keys(s.properties.train.properties).sort(), [...TRAIN_KEYS].sort());
    assert.deepEqual(s.definitions.activation.enum, ACTIVATIONS);
    assert.deepEqual(s.definitions.optimizerType.enum, OPTIMIZERS);
    assert.deepEqual(s.properties.loss.enum, LOSSES);
    assert.deepEqual(s.properties.data.properties.normalize.enum, NORMALIZATIONS);
    assert.deepEqual(s.properties.data.properties.source.anyOf[0].enum, BUILTIN_SOURCES);
    assert.deepEqual(s.properties.train.properties.backend.enum, BACKENDS);
  });

  it('has the settings the extension reads, with their defaults', () => {
    const config = vscode.workspace.getConfiguration('backprop');
    assert.equal(config.inspect('runsDirectory')?.defaultValue, '.backprop/runs');
    assert.equal(config.inspect('backend')?.defaultValue, 'auto');
    assert.equal(config.inspect('codeLens.enabled')?.defaultValue, true);
  });

  it('offers Train in the editor title and Stop there only while training', () => {
    const menus = ext().packageJSON.contributes.menus['editor/title'] as { command: string; when: string }[];
    assert.ok(menus.some((m) => m.command === 'backprop.train'));
    assert.match(menus.find((m) => m.command === 'backprop.stop')!.when, /resourcePath in backprop\.trainingFiles/);
  });

  const palette = () => Object.fromEntries((manifest().contributes.menus.commandPalette as { command: string; when: string }[])
    .map((m) => [m.command, m.when]));

  it('hides palette commands that make no sense in the current state', () => {
    const p = palette();
    assert.equal(p['backprop.train'], 'isWorkspaceTrusted');
    assert.equal(p['backprop.diagnose'], 'isWorkspaceTrusted');
    assert.equal(p['backprop.stop'], 'backprop.training');
    assert.equal(p['backprop.cancelDiagnose'], 'backprop.diagnosing');
    assert.equal(p['backprop.openRun'], 'false');
  });

  it('offers Train and Diagnose in menus only in a trusted workspace', () => {
    const menus = manifest().contributes.menus as Record<string, { command: string; when: string }[]>;
    const entries = Object.values(menus).flat().filter((m) => m.command === 'backprop.train' || m.command === 'backprop.diagnose');
    assert.equal(entries.length, 7);
    for (const m of entries) assert.match(m.when, /\bisWorkspaceTrusted\b/, `${m.command}: ${m.when}`);
  });

  // A command without an icon could not sit in a toolbar; such a one is for scripts only.
  it('gives every command an icon, or hides it from the palette', () => {
    const without = (manifest().contributes.commands as { command: string; icon?: string }[]).filter((c) => !c.icon).map((c) => c.command);
    assert.deepEqual(without, ['backprop.applyTrial', 'backprop.openRun']);
    for (const c of without) assert.equal(palette()[c], 'false', c);
  });

  it('runs where the files are, limited until trusted, never on virtual file systems', () => {
    const m = manifest();
    assert.deepEqual(m.extensionKind, ['workspace']);
    assert.equal(m.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(m.capabilities.untrustedWorkspaces.description, /Training.*wait for trust/);
    assert.deepEqual(m.capabilities.untrustedWorkspaces.restrictedConfigurations, ['backprop.runsDirectory']);
    assert.equal(m.capabilities.virtualWorkspaces.supported, false);
  });

  // Since VS Code 1.74 contributed commands and views activate the extension by themselves.
  it('lists only the activation events VS Code does not derive itself', () => {
    const m = manifest();
    assert.match(m.engines.vscode, /^\^1\.(7[4-9]|[89]\d|\d{3})\./);
    assert.deepEqual(m.activationEvents, ['onLanguage:backprop-network', 'onWebviewPanel:backprop.panel']);
  });
});
