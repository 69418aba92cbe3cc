// Ctrl-C, `timeout`, CI cancellation and process managers: stop after the current step, save
// the weights and end with a `cancelled` event; the same signal again quits at once. A
// closed stdout (`backprop train FILE | head`) counts as SIGPIPE: training stops the same
// way, other commands quit at once, and neither prints a stack trace.

/** The shell's convention for a process ended by a signal: 128 + its number. */
export const EXIT_OF_SIGNAL = { SIGINT: 130, SIGTERM: 143, SIGPIPE: 141 } as const;
export type CancelSignal = keyof typeof EXIT_OF_SIGNAL;

let onBrokenPipe: (() => void) | null = null;

/** Once per process: a write to a closed stdout quits with 141, or cancels training when one runs. */
export function handleBrokenPipe(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    if (!onBrokenPipe) process.exit(EXIT_OF_SIGNAL.SIGPIPE);
    onBrokenPipe();
  });
}

/** Abort on SIGINT/SIGTERM (or a closed stdout); returns a function telling which signal came first (if any). */
export function onCancelSignals(abort: AbortController): () => CancelSignal | undefined {
  let signalled: CancelSignal | undefined;
  onBrokenPipe = () => {
    signalled ??= 'SIGPIPE';
    abort.abort();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      signalled ??= signal;
      abort.abort();
      process.once(signal, () => process.exit(EXIT_OF_SIGNAL[signal]));
    });
  }
  return () => signalled;
}
