// The first dense layer's weights of a run, one array per unit, for the panel to draw as
// images when the inputs are images (MNIST: 784 weights per unit → a 28×28 picture).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const MAX_UNITS = 32;

interface SavedLayer {
  kind: string;
  inputs?: number;
  units?: number;
  /** Row-major [inputs, units]. */
  weights?: number[];
}

/** Up to `max` units' incoming weights, or null when the run saved no dense layer. */
export async function firstLayerUnits(runDir: string, max = MAX_UNITS): Promise<number[][] | null> {
  let doc: { layers?: SavedLayer[] };
  try {
    doc = JSON.parse(await fs.readFile(path.join(runDir, 'weights.json'), 'utf8')) as { layers?: SavedLayer[] };
  } catch {
    return null;
  }
  const dense = doc.layers?.find((l) => l.kind === 'dense' && l.weights && l.inputs && l.units);
  if (!dense?.weights || !dense.inputs || !dense.units) return null;
  const { inputs, units, weights } = dense;
  const out: number[][] = [];
  for (let u = 0; u < Math.min(units, max); u++) {
    const column = new Array<number>(inputs);
    for (let i = 0; i < inputs; i++) column[i] = weights[i * units + u];
    out.push(column);
  }
  return out;
}
