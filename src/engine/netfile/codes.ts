// The one vocabulary of diagnostic codes, written snake_case as the event stream writes
// `kind` (network-file.md): what the parser and the data checks find, what training finds
// and what the studies report. Quick fixes are keyed by these codes, so a misspelt code is a
// type error rather than a fix that never shows.

/** What the parser finds in the text of a network file. */
export type FileCheckCode =
  | 'yaml_syntax' | 'yaml_warning' | 'duplicate_key'
  | 'wrong_type' | 'unknown_key' | 'unknown_value' | 'missing_key' | 'conflicting_keys'
  | 'not_integer' | 'out_of_range' | 'not_applicable'
  | 'empty_model' | 'no_dense_layer' | 'loss_mismatch' | 'softmax_with_mse' | 'softmax_single_unit'
  | 'path_outside_workspace' | 'unknown_data_source' | 'unsupported_file_type'
  | 'unusual_learning_rate' | 'no_validation' | 'no_validation_to_monitor' | 'monitor_mismatch'
  | 'file_too_large' | 'nesting_too_deep' | 'too_many_problems' | 'over_limit';

/** What preparing a run finds once the data is loaded (and when the file or data cannot be read). */
export type DataCheckCode =
  | 'unreadable_file' | 'data'
  | 'no_training_data' | 'no_features' | 'feature_count_mismatch' | 'too_few_classes'
  | 'output_mismatch' | 'too_many_parameters' | 'batch_larger_than_data' | 'empty_validation' | 'run_too_large'
  | 'init_from_unreadable' | 'init_from_mismatch';

/** What training finds: the `kind` of the `diagnostic` events it emits. */
export type TrainingCode =
  | 'overfitting' | 'underfitting' | 'good_fit'
  | 'vanishing_gradients' | 'exploding_gradients' | 'dead_units'
  | 'non_finite' | 'too_many_parameters'
  /** A code network's own code threw while training (placed on its line). */
  | 'code_error';

/** What the bias/variance studies report: a file they cannot study, which error dominates. */
export type StudyCode = 'no_validation_split' | 'study_bias' | 'study_variance';

export type DiagnosticCode = FileCheckCode | DataCheckCode | TrainingCode | StudyCode;
