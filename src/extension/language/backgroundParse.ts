// Parses network files on a worker thread (parseWorker.ts), one at a time, newest first: a
// request superseded by a newer one for the same document is dropped before it is parsed
// (its promise gets `undefined`), and a parse that overruns its time box is abandoned with
// its worker. The extension host only posts the text and reads the result back.
import { Worker } from 'node:worker_threads';
import type { ParseResult } from '../../engine/netfile';

export interface ParseRequest { id: number; text: string; file: string; workspaceRoot?: string }
export interface ParseReply { id: number; result: ParseResult }

interface Pending extends ParseRequest {
  key: string;
  resolve(result: ParseResult | undefined): void;
}

/** A parse that takes longer than this is given up (the parser is bounded: ~1 s at worst). */
export const PARSE_TIME_BOX_MS = 5000;

export class BackgroundParser {
  private worker: Worker | undefined;
  private readonly queued = new Map<string, Pending>();
  private running: (Pending & { timer: NodeJS.Timeout }) | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(private readonly script: string, private readonly timeBoxMs = PARSE_TIME_BOX_MS) {}

  /**
   * The parse of `text`, or undefined when a newer request for `key` (the document) came
   * first, the time box ran out, or the parser was disposed.
   */
  parse(key: string, text: string, file: string, workspaceRoot?: string): Promise<ParseResult | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.queued.get(key)?.resolve(undefined); // stale before it was parsed
      this.queued.set(key, { key, id: this.nextId++, text, file, workspaceRoot, resolve });
      this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.queued.values()) p.resolve(undefined);
    this.queued.clear();
    this.finish(undefined);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const [key, next] = this.queued.entries().next().value ?? [];
    if (!key || !next) return;
    this.queued.delete(key);
    const worker = this.ensureWorker();
    const timer = setTimeout(() => this.overran(), this.timeBoxMs);
    this.running = { ...next, timer };
    const req: ParseRequest = { id: next.id, text: next.text, file: next.file, workspaceRoot: next.workspaceRoot };
    worker.postMessage(req);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.unref(); // never keeps the host (or a test) alive
    worker.on('message', (reply: ParseReply) => {
      if (reply.id === this.running?.id) this.finish(reply.result);
    });
    // A worker that dies takes its parse with it; the next request starts a fresh one.
    const lost = () => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.finish(undefined);
    };
    worker.on('error', lost);
    worker.on('exit', lost);
    this.worker = worker;
    return worker;
  }

  /** The running parse overran its time box: its worker is stopped and a new one will start. */
  private overran(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    this.finish(undefined);
  }

  private finish(result: ParseResult | undefined): void {
    const done = this.running;
    if (!done) return;
    this.running = undefined;
    clearTimeout(done.timer);
    done.resolve(result);
    this.pump();
  }
}
