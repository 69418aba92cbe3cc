// Network files (*.nn.yaml / *.nn.json): parsing, checking and source positions.
// The file format is the public contract in design/network-file.md; ./spec is its checked form.

export { parseNetworkFile, type ParseOptions, type ParseResult } from './parse';
export { checkAgainstData, countParameters, estimateRun, type ParameterCount } from './dataChecks';
export { describeEstimate, estimateDetails, estimateOfSpec, estimateTraining, formatSeconds, type EstimateInput, type RunEstimate } from './estimate';
export { anchorRange, formatDiagnostic, parentPath, rangeOf } from './format';
export { didYouMean, editDistance } from './suggest';
export { defaultLoss, outputHead, type OutputHead } from './checks';
export { applyFileEdits, describeEdit, isJsonFile, placeEdits, type FileEdit, type NewLayer } from './edits';
export { applyChanges, EditTarget, type Scalar, type TextChange } from './textEdits';
export { FIXES, fixesFor, type Fix, type FixContext } from './fixes';
export * from './vocab';
export type * from './spec';
export type * from './codes';
