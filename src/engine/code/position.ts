// Where in the user's code something was made: the first stack frame outside the engine.
// Code networks are bundled with inline source maps and Node maps stack frames through them,
// so the frame names the user's own file, line and column (TypeScript included).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CodePosition { file: string; line: number; column: number }
interface Frame extends CodePosition { fn: string }

/** The engine's own code: this file's bundle (dist/*.js), or src/engine when run from source. */
function engineRoots(): string[] {
  const self = ownFile();
  if (!self) return [];
  const marker = `${path.sep}src${path.sep}engine${path.sep}`;
  const at = self.indexOf(marker);
  return at >= 0 ? [self.slice(0, at + marker.length)] : [self];
}

function ownFile(): string | null {
  const frames = parseStack(new Error().stack ?? '');
  return frames[0]?.file ?? null;
}

let roots: string[] | undefined;

/**
 * The position of the nearest caller outside the engine (null when there is none, e.g. the
 * REPL). Frames of the constructors named in `skipConstructors` are skipped too: a module
 * subclass is placed where it is created (`new MyNet()`), not at its own class line.
 */
export function callerPosition(skipConstructors: string[] = []): CodePosition | null {
  roots ??= engineRoots();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 64;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const skipped = new Set(skipConstructors.map((n) => `new ${n}`));
  const frame = parseStack(stack).find((f) => !f.file.startsWith('node:') && !skipped.has(f.fn) && !roots!.some((r) => f.file === r || f.file.startsWith(r)));
  return frame ? { file: frame.file, line: frame.line, column: frame.column } : null;
}

/** V8's "    at fn (file:line:col)" / "    at file:line:col" frames, file URLs made paths. */
export function parseStack(stack: string): Frame[] {
  const out: Frame[] = [];
  for (const raw of stack.split('\n').slice(1)) {
    const m = /^\s*at (?:(.*?) \()?(.+?):(\d+):(\d+)\)?\s*$/.exec(raw);
    if (!m) continue;
    const fn = (m[1] ?? '').replace(/^async /, '');
    let file = m[2].replace(/^async /, '');
    if (file.startsWith('file://')) {
      try { file = fileURLToPath(file); } catch { continue; }
    }
    out.push({ fn, file, line: Number(m[3]), column: Number(m[4]) });
  }
  return out;
}

/** The first frame of an error's stack that lies in `file` (the user's code), if any. */
export function frameInFile(err: unknown, file: string): CodePosition | null {
  const want = path.resolve(file);
  const f = parseStack(err instanceof Error ? err.stack ?? '' : '').find((fr) => path.resolve(fr.file) === want);
  return f ? { file: f.file, line: f.line, column: f.column } : null;
}
