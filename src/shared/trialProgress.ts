// How "Try the fixes" says where it is, the same in the progress notification and the panel.

/** "training 2/5: Enable early stopping" (training 1 is the file as written); "measured" at the end. */
export function trialProgressText(p: { done: number; total: number; message: string }): string {
  return p.done >= p.total ? 'measured' : `training ${p.done + 1}/${p.total}: ${p.message}`;
}
