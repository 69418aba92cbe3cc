// Forward and backward through the engine's frontend on the WebGPU backend, against the same
// expressions on the CPU reference: values and the gradient of every input (the shared op cases).
import { describe, it } from 'node:test';
import { testOpCases } from '../helpers/op-cases';
import { gpuBackend } from './helpers';

describe('autograd on WebGPU matches the CPU reference (forward and backward)', async () => {
  const g = await gpuBackend();
  if (typeof g === 'string') {
    it('skipped: no WebGPU adapter', { skip: g }, () => {});
    return;
  }
  testOpCases(g);
});
