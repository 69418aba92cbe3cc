// The WASM kernels' entry point: everything exported here is callable from JavaScript.
export { gemm, heapBase, scratchBytes } from './gemm';
