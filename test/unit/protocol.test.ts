// The schema of what a webview posts (webviews are untrusted): each type's fields checked,
// commands from the allow-list only, each webview only its own types, nothing extra.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebviewMessage } from '../../src/shared/protocol';
import { isWebviewMessage, MESSAGE_LIMITS, parseWebviewMessage } from '../../src/shared/webviewMessages';

const panelMessages: WebviewMessage[] = [
  { type: 'ready', kind: 'panel' }, { type: 'command', command: 'train' }, { type: 'command', command: 'cancelTryFixes' },
  { type: 'applyStudyFix', source: 'summary' }, { type: 'applyStudyFix', source: 'weight_decay' },
  { type: 'export', format: 'csv', suggestedName: 'a.csv', data: 'x' }, { type: 'export', format: 'png', suggestedName: 'a.png', data: 'data:image/png;base64,AA==' },
  { type: 'overlay', requestId: 3, runIds: ['r1'] }, { type: 'tryFixes', requestId: 4 }, { type: 'applyTrial', requestId: 5, tryId: 1, trial: 0 },
  { type: 'error', message: 'boom' },
];

const refusedReason = (value: unknown, kind: 'panel' | 'sidebar' = 'panel') => {
  const r = parseWebviewMessage(value, kind);
  return 'refused' in r ? r.refused : undefined;
};

describe('webview message schema', () => {
  it('passes one valid message of each type the panel posts, as an equal copy', () => {
    for (const m of panelMessages) {
      const r = parseWebviewMessage(m, 'panel');
      assert.ok('message' in r, `${JSON.stringify(m)}: ${'refused' in r ? r.refused : ''}`);
      assert.deepEqual(r.message, m);
      assert.notEqual(r.message, m);
    }
    assert.deepEqual(parseWebviewMessage({ type: 'openRun', runId: 'r1' }, 'sidebar'), { message: { type: 'openRun', runId: 'r1' } });
    assert.equal(isWebviewMessage({ type: 'ready', kind: 'sidebar' }), true);
  });

  it('runs only allow-listed commands', () => {
    for (const command of ['openRun', 'applyTrial', 'train; rm', '../train', '', 'toString', 'constructor', 7, null]) {
      assert.match(refusedReason({ type: 'command', command }) ?? 'passed', /command is .*not one of train, stop, diagnose, cancelDiagnose, cancelTryFixes/, String(command));
    }
    assert.equal(refusedReason({ type: 'command' }), '"command": command is missing');
  });

  it('refuses each webview the other one\'s messages', () => {
    assert.equal(refusedReason({ type: 'command', command: 'train' }, 'sidebar'), 'the sidebar does not post "command"');
    assert.equal(refusedReason({ type: 'export', format: 'csv', suggestedName: 'a', data: 'x' }, 'sidebar'), 'the sidebar does not post "export"');
    assert.equal(refusedReason({ type: 'openRun', runId: 'r1' }, 'panel'), 'the panel does not post "openRun"');
  });

  it('refuses export fields that are not strings, without throwing', () => {
    const base = { type: 'export', format: 'csv', suggestedName: 'a.csv', data: 'x' };
    assert.equal(refusedReason({ ...base, data: { length: 1e9 } }), '"export": data is an object, not text');
    assert.equal(refusedReason({ ...base, data: ['a'] }), '"export": data is an array, not text');
    assert.equal(refusedReason({ ...base, suggestedName: 12 }), '"export": suggestedName is 12, not text');
    assert.equal(refusedReason({ ...base, suggestedName: null }), '"export": suggestedName is null, not text');
    assert.equal(refusedReason({ ...base, format: 'exe' }), '"export": format is "exe", not one of csv, json, png');
  });

  it('refuses wrong types, bad numbers and out-of-range enums', () => {
    assert.equal(refusedReason({ type: 'ready', kind: 'editor' }), '"ready": kind is "editor", not one of panel, sidebar');
    assert.equal(refusedReason({ type: 'overlay', requestId: '3', runIds: [] }), '"overlay": requestId is "3", not a number');
    assert.equal(refusedReason({ type: 'overlay', requestId: 1.5, runIds: [] }), '"overlay": requestId is 1.5, not a whole number');
    assert.equal(refusedReason({ type: 'overlay', requestId: NaN, runIds: [] }), '"overlay": requestId is NaN, not a number');
    assert.equal(refusedReason({ type: 'overlay', requestId: 2, runIds: 'r1' }), '"overlay": runIds is "r1", not a list');
    assert.equal(refusedReason({ type: 'overlay', requestId: 2, runIds: ['r1', 5] }), '"overlay": runIds[1] is 5, not text');
    assert.equal(refusedReason({ type: 'applyTrial', requestId: 5, tryId: -1, trial: 0 }), '"applyTrial": tryId is -1, outside 0 … 9007199254740991');
    assert.equal(refusedReason({ type: 'tryFixes' }), '"tryFixes": requestId is missing');
    assert.equal(refusedReason({ type: 'applyStudyFix', source: 'bootstrap' }), '"applyStudyFix": source is "bootstrap", not one of summary, model_size, depth, weight_decay');
  });

  it('refuses huge strings and long lists by their size, not by reading them', () => {
    const huge = 'A'.repeat(MESSAGE_LIMITS.errorText + 1);
    assert.equal(refusedReason({ type: 'error', message: huge }), '"error": message is 10001 characters long (at most 10000)');
    assert.equal(refusedReason({ type: 'applyStudyFix', source: huge }), '"applyStudyFix": source is a string of 10001 characters, not one of summary, model_size, depth, weight_decay');
    assert.equal(refusedReason({ type: 'export', format: 'csv', suggestedName: 'n'.repeat(256), data: '' }), '"export": suggestedName is 256 characters long (at most 255)');
    const ids = Array.from({ length: MESSAGE_LIMITS.overlayRuns + 1 }, (_, i) => `r${i}`);
    assert.equal(refusedReason({ type: 'overlay', requestId: 1, runIds: ids }), '"overlay": runIds has 1001 items (at most 1000)');
  });

  it('refuses extra fields, prototype-pollution keys and objects that are not plain', () => {
    assert.equal(refusedReason({ type: 'command', command: 'train', args: ['x'] }), '"command": has an unexpected field "args"');
    const polluted = JSON.parse('{"type":"openRun","runId":"r","__proto__":{"polluted":1}}') as unknown;
    assert.equal(refusedReason(polluted, 'sidebar'), '"openRun": has an unexpected field "__proto__"');
    assert.equal(refusedReason(JSON.parse('{"type":"ready","kind":"panel","constructor":{"prototype":{"x":1}}}')), '"ready": has an unexpected field "constructor"');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    class Fake { type = 'ready'; kind = 'panel'; }
    assert.equal(refusedReason(new Fake()), 'not an object');
    assert.equal(refusedReason(Object.create({ type: 'ready', kind: 'panel' }) as object), 'not an object');
    assert.equal(refusedReason(Object.assign(Object.create(null) as object, { kind: 'panel' })), 'unknown type undefined');
  });

  it('ignores unknown and inherited types (logged, not refused as malformed)', () => {
    for (const m of [{ type: 'launch' }, { type: 'toString' }, { type: '__proto__' }, { type: 3 }, {}]) {
      const r = parseWebviewMessage(m, 'panel');
      assert.ok('refused' in r && r.ignore === true, JSON.stringify(m));
    }
    for (const m of [null, 'ready', 7, [], [{ type: 'ready', kind: 'panel' }]]) assert.deepEqual(parseWebviewMessage(m, 'panel'), { refused: 'not an object' });
  });
});
