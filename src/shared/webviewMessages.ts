// The schema of every message a webview posts (webviews are untrusted: a page could be made
// to post anything), one entry per type, and which types each webview may post. The host
// uses nothing of a message before it passes here; what passes is a fresh copy of exactly
// the known fields. The limits are in docs/limits.md ("Webview messages").
import type { WebviewKind, WebviewMessage } from './protocol';
import { arrayOf, type Check, int, isPlainObject, obj, oneOf, str } from '../engine/validate';

/** The commands a webview may ask for (`backprop.<name>`): nothing else can be run from a page. */
type WebviewCommand = Extract<WebviewMessage, { type: 'command' }>['command'];
export const WEBVIEW_COMMANDS = ['train', 'stop', 'diagnose', 'cancelDiagnose', 'cancelTryFixes'] as const satisfies readonly WebviewCommand[];

export const MESSAGE_LIMITS = {
  /** A run id, a file name. */
  name: 255,
  /** A script error's text. */
  errorText: 10_000,
  /** An export's text or PNG data URL (a big run's events as JSON). */
  exportData: 64 * 1024 * 1024,
  /** Runs overlaid at once. */
  overlayRuns: 1000,
} as const;

const requestId = int(1);
const name = str(MESSAGE_LIMITS.name);

// `satisfies`: a type added to WebviewMessage without its schema (or a schema for a type that
// does not exist) is a compile error.
const SCHEMAS = {
  ready: obj({ type: str(20), kind: oneOf('panel', 'sidebar') }, true),
  command: obj({ type: str(20), command: oneOf(...WEBVIEW_COMMANDS) }, true),
  applyStudyFix: obj({ type: str(20), source: oneOf('summary', 'model_size', 'depth', 'weight_decay') }, true),
  openRun: obj({ type: str(20), runId: name }, true),
  export: obj({ type: str(20), format: oneOf('csv', 'json', 'png'), suggestedName: name, data: str(MESSAGE_LIMITS.exportData) }, true),
  overlay: obj({ type: str(20), requestId, runIds: arrayOf(name, MESSAGE_LIMITS.overlayRuns) }, true),
  tryFixes: obj({ type: str(20), requestId }, true),
  applyTrial: obj({ type: str(20), requestId, tryId: int(0), trial: int(0, 1000) }, true),
  error: obj({ type: str(20), message: str(MESSAGE_LIMITS.errorText) }, true),
} as const satisfies Record<WebviewMessage['type'], Check>;

/** What each webview posts; anything else from it is refused. */
export const ACCEPTED: Record<WebviewKind, readonly WebviewMessage['type'][]> = {
  panel: ['ready', 'command', 'applyStudyFix', 'export', 'overlay', 'tryFixes', 'applyTrial', 'error'],
  sidebar: ['ready', 'openRun', 'error'],
};

export type Parsed = { message: WebviewMessage } | { refused: string; ignore?: boolean };

/**
 * Check a `postMessage` payload from the `kind` webview against its type's schema. A type of
 * no known name is `ignore`d (logged, not an error); a known one that does not fit is refused
 * with the reason.
 */
export function parseWebviewMessage(value: unknown, kind: WebviewKind): Parsed {
  if (!isPlainObject(value)) return { refused: 'not an object' };
  const type = Object.hasOwn(value, 'type') ? value['type'] : undefined;
  if (typeof type !== 'string' || !Object.hasOwn(SCHEMAS, type)) {
    return { refused: `unknown type ${typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : String(type)}`, ignore: true };
  }
  const t = type as WebviewMessage['type'];
  if (!ACCEPTED[kind].includes(t)) return { refused: `the ${kind} does not post "${t}"` };
  const wrong = SCHEMAS[t](value, '');
  if (wrong) return { refused: `"${t}": ${wrong}` };
  // A copy of the checked fields only (the schema is strict, so these are all of them).
  return { message: Object.fromEntries(Object.keys(value).map((k) => [k, copy(value[k])])) as WebviewMessage };
}

function copy(v: unknown): unknown {
  return Array.isArray(v) ? [...v] : v;
}

/** Whether `value` is a valid message of some webview (either kind). */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  return 'message' in parseWebviewMessage(value, 'panel') || 'message' in parseWebviewMessage(value, 'sidebar');
}
