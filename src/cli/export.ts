// `backprop export FILE --format onnx|safetensors|pytorch|keras`: a saved run's model in a file
// other tools load, or a Python script that trains on from it (next to the run's weights
// unless --out says where).
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findModel, readSpec } from '../engine/model-io/locate';
import { toOnnx, ONNX_OPSET } from '../engine/model-io/onnx';
import { lossOf } from '../engine/model-io/predict';
import { MODEL_FILE, readSavedModel, toSafetensors } from '../engine/model-io/saved-model';
import { kerasScript } from '../engine/model-io/script-keras';
import { pytorchScript } from '../engine/model-io/script-pytorch';
import type { CliArgs, ExportFormat } from './args';

const DEFAULT_NAME: Record<ExportFormat, string> = {
  onnx: 'model.onnx', safetensors: MODEL_FILE, pytorch: 'train_pytorch.py', keras: 'train_keras.py',
};

export async function exportCommand(args: CliArgs): Promise<number> {
  const format = args.format ?? 'onnx';
  const spec = await readSpec(args.file!, args.workspace);
  const saved = readSavedModel(findModel(spec.file, args.run));
  const loss = lossOf(saved, spec.loss);
  const out = path.resolve(args.out ?? path.join(path.dirname(saved.file), DEFAULT_NAME[format]));
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  let what: string;
  if (format === 'pytorch' || format === 'keras') {
    const script = format === 'pytorch' ? pytorchScript : kerasScript;
    writeFileSync(out, script(spec, saved, loss, path.dirname(out), path.basename(out)));
    // The script loads model.safetensors from its own folder: put the weights there too
    // (also for an older run that has only weights.json).
    const weights = path.join(path.dirname(out), MODEL_FILE);
    if (!existsSync(weights) || path.dirname(path.resolve(saved.file)) !== path.dirname(weights)) writeFileSync(weights, toSafetensors(saved));
    what = `${format === 'pytorch' ? 'PyTorch' : 'Keras'} script (run: python ${path.basename(out)}), weights in ${rel(weights)}`;
  } else {
    // An older run has only weights.json: --format safetensors writes the standard file from it.
    writeFileSync(out, format === 'onnx' ? toOnnx(saved, loss) : toSafetensors(saved));
    what = format === 'onnx' ? `ONNX (opset ${ONNX_OPSET}; input "input" [batch, ${saved.features}] raw rows, output "output")` : 'safetensors';
  }
  process.stdout.write(`${rel(out)}: ${what}, from ${rel(saved.file)}\n`);
  return 0;
}
