// ONNX export: the saved model and its input normalisation as one graph (opset 17, IR 8,
// i.e. ONNX 1.12), encoded by onnx-proto (the ONNX schema compiled for protobufjs). Input
// `input` [batch, features] takes raw rows; output `output` [batch, units] gives what
// `backprop predict` prints: class probabilities (softmax, or a sigmoid for
// binary cross-entropy), or the values for regression.
import { onnx } from 'onnx-proto';
import type { Activation, LossName } from '../netfile/spec';
import { lossTakesLogits } from '../nn/losses';
import { transpose, type SavedModel } from './saved-model';

export const ONNX_OPSET = 17;
const IR_VERSION = 8;

class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private count = 0;

  constant(name: string, dims: number[], values: Float32Array | number[]): string {
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: Array.from(values) });
    return name;
  }

  op(opType: string, inputs: string[], attributes: onnx.IAttributeProto[] = [], name?: string): string {
    const output = name ?? `${opType.toLowerCase()}_${this.count++}`;
    this.nodes.push({ opType, input: inputs, output: [output], name: output, attribute: attributes });
    return output;
  }

  activation(x: string, a: Activation, layer: number): string {
    switch (a) {
      case 'linear': return x;
      case 'relu': return this.op('Relu', [x]);
      case 'tanh': return this.op('Tanh', [x]);
      case 'sigmoid': return this.op('Sigmoid', [x]);
      case 'softmax': return this.op('Softmax', [x], [intAttr('axis', -1)]);
      case 'leaky_relu': return this.op('LeakyRelu', [x], [{ name: 'alpha', type: onnx.AttributeProto.AttributeType.FLOAT, f: 0.01 }]);
      case 'gelu': {
        // The engine's GELU is the tanh approximation; opset 17 has no Gelu, so compose it:
        // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
        const c = (n: string, v: number) => this.constant(`gelu${layer}_${n}`, [], [v]);
        const cube = this.op('Mul', [this.op('Mul', [x, x]), x]);
        const inner = this.op('Mul', [this.op('Add', [x, this.op('Mul', [cube, c('k', 0.044715)])]), c('s', Math.sqrt(2 / Math.PI))]);
        return this.op('Mul', [this.op('Mul', [x, c('half', 0.5)]), this.op('Add', [this.op('Tanh', [inner]), c('one', 1)])]);
      }
    }
  }
}

function intAttr(name: string, i: number): onnx.IAttributeProto {
  return { name, type: onnx.AttributeProto.AttributeType.INT, i };
}

function valueInfo(name: string, width: number): onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] } } },
  };
}

/** The ONNX model bytes for `m` (`loss` decides the output head, as for predict). */
export function toOnnx(m: SavedModel, loss: LossName): Uint8Array {
  const g = new GraphBuilder();
  let h = 'input';
  if (m.normalization.kind !== 'none') {
    const f = m.features;
    h = g.op('Div', [g.op('Sub', [h, g.constant('norm_offset', [f], m.normalization.offset)], [], 'centered'), g.constant('norm_scale', [f], m.normalization.scale)], [], 'normalized');
  }
  const logits = lossTakesLogits(loss);
  const last = m.layers.map((l) => l.kind !== 'dropout').lastIndexOf(true);
  let width = m.features;
  m.layers.forEach((l, i) => {
    // Training leaves the last activation to the fused loss; the head below applies it.
    const act = logits && i === last ? 'linear' : l.activation ?? 'linear';
    if (l.kind === 'dense') {
      const w = g.constant(`${l.index}.weight`, [l.units, l.inputs!], transpose(l.w!, l.inputs!, l.units));
      const b = g.constant(`${l.index}.bias`, [l.units], l.b!);
      h = g.activation(g.op('Gemm', [h, w, b], [intAttr('transB', 1)], `dense${l.index}`), act, l.index);
      width = l.units;
    } else if (l.kind === 'activation') {
      h = g.activation(h, act, l.index);
    }
    // Dropout is the identity at inference.
  });
  if (loss === 'cross_entropy') h = g.op('Softmax', [h], [intAttr('axis', -1)]);
  if (loss === 'binary_cross_entropy') h = g.op('Sigmoid', [h]);
  h = g.op('Identity', [h], [], 'output');
  const meta: Record<string, string> = { task: m.task, loss };
  if (m.classes) meta.classes = JSON.stringify(m.classes);
  if (m.featureNames) meta.feature_names = JSON.stringify(m.featureNames);
  const model: onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'backprop', producerVersion: '1',
    graph: {
      name: m.name.replace(/\W+/g, '_') || 'model', node: g.nodes, initializer: g.initializers,
      input: [valueInfo('input', m.features)], output: [valueInfo('output', width)],
      docString: 'input: raw feature rows (the normalisation is inside); output: class probabilities or values',
    },
    metadataProps: Object.entries(meta).map(([key, value]) => ({ key, value })),
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
