// `backprop export FILE --format onnx|safetensors`: a saved run's model in a file other tools
// load (next to the run's weights unless --out says where).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { findModel, readSpec } from '../engine/model-io/locate';
import { toOnnx, ONNX_OPSET } from '../engine/model-io/onnx';
import { lossOf } from '../engine/model-io/predict';
import { readSavedModel, toSafetensors } from '../engine/model-io/saved-model';
import type { CliArgs } from './args';

export async function exportCommand(args: CliArgs): Promise<number> {
  const spec = await readSpec(args.file!, args.workspace);
  const saved = readSavedModel(findModel(spec.file, args.run));
  const onnx = args.format === 'onnx';
  const out = path.resolve(args.out ?? path.join(path.dirname(saved.file), onnx ? 'model.onnx' : 'model.safetensors'));
  // An older run has only weights.json: --format safetensors writes the standard file from it.
  writeFileSync(out, onnx ? toOnnx(saved, lossOf(saved, spec.loss)) : toSafetensors(saved));
  const what = onnx ? `ONNX (opset ${ONNX_OPSET}; input "input" [batch, ${saved.features}] raw rows, output "output")` : 'safetensors';
  process.stdout.write(`${path.relative(process.cwd(), out) || out}: ${what}, from ${path.relative(process.cwd(), saved.file)}\n`);
  return 0;
}
