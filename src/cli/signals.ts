// Ctrl-C, `timeout`, CI cancellation and process managers: stop after the current step, save
// the weights and end with a `cancelled` event; the same signal again quits at once.

/** The shell's convention for a process ended by a signal: 128 + its number. */
export const EXIT_OF_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;
export type CancelSignal = keyof typeof EXIT_OF_SIGNAL;

/** Abort on SIGINT/SIGTERM; returns a function telling which signal came first (if any). */
export function onCancelSignals(abort: AbortController): () => CancelSignal | undefined {
  let signalled: CancelSignal | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      signalled ??= signal;
      abort.abort();
      process.once(signal, () => process.exit(EXIT_OF_SIGNAL[signal]));
    });
  }
  return () => signalled;
}
