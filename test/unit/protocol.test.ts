// The guard on what a webview posts (webviews are untrusted): known types only, and a
// request only with a whole-number id for its answer to carry back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isWebviewMessage, type WebviewMessage } from '../../src/shared/protocol';

describe('webview message guard', () => {
  it('accepts one message of each of the 9 types', () => {
    const messages: WebviewMessage[] = [
      { type: 'ready', kind: 'panel' }, { type: 'command', command: 'train' }, { type: 'applyStudyFix', source: 'summary' },
      { type: 'openRun', runId: 'r1' }, { type: 'export', format: 'csv', suggestedName: 'a.csv', data: 'x' },
      { type: 'overlay', requestId: 3, runIds: ['r1'] }, { type: 'tryFixes', requestId: 4 }, { type: 'applyTrial', requestId: 5, tryId: 1, trial: 0 },
      { type: 'error', message: 'boom' },
    ];
    assert.deepEqual(messages.map(isWebviewMessage), messages.map(() => true));
  });

  it('refuses a non-object, an unknown or inherited type, and a request without a whole-number id', () => {
    const refused = [null, 'ready', 7, {}, { type: 'launch' }, { type: 'toString' }, { type: 'overlay', runIds: [] },
      { type: 'overlay', requestId: '3', runIds: [] }, { type: 'overlay', requestId: 1.5, runIds: [] },
      { type: 'tryFixes' }, { type: 'applyTrial', tryId: 1, trial: 0 }];
    assert.deepEqual(refused.map(isWebviewMessage), refused.map(() => false));
  });
});
