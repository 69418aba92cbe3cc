// Network files (*.nn.yaml / *.nn.json): parsing, checking and source positions.
// The file format is the public contract in design/network-file.md; ./spec is its checked form.

export { parseNetworkFile, type ParseOptions, type ParseResult } from './parse';
export { checkAgainstData, countParameters, type ParameterCount } from './dataChecks';
export { formatDiagnostic, parentPath, rangeOf } from './format';
export { didYouMean, editDistance } from './suggest';
export { defaultLoss, outputHead, type OutputHead } from './checks';
export * from './vocab';
export type * from './spec';
export type * from './codes';
