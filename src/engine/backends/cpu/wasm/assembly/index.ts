// The WASM kernels' entry point: everything exported here is callable from JavaScript.
export { gemm, heapBase, peak, scratchBytes } from './gemm';
export { adam, biasAct, binary, gatherRows, select, sgd, softmaxCrossEntropy, sumRows } from './pointwise';
