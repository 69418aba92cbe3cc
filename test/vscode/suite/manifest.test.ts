// What the manifest contributes besides commands: the JSON schema for YAML/JSON tooling
// (its word lists must be the parser's), settings, and the menus.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ACTIVATIONS, BACKENDS, BUILTIN_SOURCES, LOSSES, NORMALIZATIONS, OPTIMIZERS, TOP_LEVEL_KEYS, TRAIN_KEYS } from '../../../src/engine/netfile/vocab';
import { EXTENSION_ID } from './util';

describe('manifest', () => {
  const ext = () => vscode.extensions.getExtension(EXTENSION_ID)!;
  const schema = () => {
    const url = ext().packageJSON.contributes.yamlValidation[0].url as string;
    return JSON.parse(readFileSync(path.join(ext().extensionPath, url), 'utf8'));
  };

  it('contributes a JSON schema for *.nn.yaml and *.nn.json', () => {
    const c = ext().packageJSON.contributes;
    assert.deepEqual(c.yamlValidation.map((v: { fileMatch: string }) => v.fileMatch), ['*.nn.yaml']);
    assert.deepEqual(c.jsonValidation.map((v: { fileMatch: string }) => v.fileMatch), ['*.nn.json']);
    assert.equal(c.yamlValidation[0].url, c.jsonValidation[0].url);
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
});
