// The pictures of what the model learned (boundary.png / fit.png / confusion.png) in the run
// folder, for people who train from a terminal; a picture that cannot be written is only said.
import path from 'node:path';
import { writePictures } from '../engine/pictures/render';
import type { DataEvent, EndEvent } from '../engine/train/events';

export function savePictures(dir: string, data: DataEvent | undefined, end: EndEvent, quiet: boolean): void {
  if (end.epochs === 0) return;
  try {
    for (const f of writePictures(dir, data, end)) if (!quiet) process.stdout.write(`picture saved to ${path.relative(process.cwd(), f) || f}\n`);
  } catch (err) {
    process.stderr.write(`backprop: the picture could not be written: ${(err as Error).message}\n`);
  }
}
