// The lens above `model`: "▶ Train · 131 parameters · 120 training samples", "Diagnose bias
// & variance" (or what the current study result found), and after a run its result
// ("overfitting · 93.3% validation accuracy"); the results open the panel. When the data's
// sizes are known (built-in sets, or the last run's), an estimate of the run's memory and
// of the time of an epoch, from those sizes alone (engine/netfile/estimate.ts).
// `backprop.codeLens.enabled` turns it off.
import * as vscode from 'vscode';
import { countParameters, describeEstimate, estimateDetails, estimateOfSpec, formatSeconds, type NetworkSpec } from '../../engine/netfile';
import { formatBytes } from '../../engine/netfile/limits';
import type { DataFacts } from './facts';
import { codeLensEnabled } from '../base/config';
import { Disposable } from '../base/dispose';
import { formatPercent, plural } from '../base/format';
import type { RunHistory } from '../runs/history';
import type { StudyManager } from '../studies/manager';
import { parseInBackground, toRange } from './documents';
import { dataFacts } from './facts';

const VERDICT: Record<string, string> = { good_fit: 'good fit', overfitting: 'overfitting', underfitting: 'underfitting' };

export class TrainCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly _onDidChange = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this._onDidChange.event;

  constructor(private readonly history: RunHistory, private readonly studies: StudyManager) {
    super();
    this._register(history.onDidChange(() => this._onDidChange.fire()));
    this._register(studies.onDidChangeState(() => this._onDidChange.fire()));
    this._register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('backprop.codeLens.enabled')) this._onDidChange.fire();
    }));
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled(doc.uri)) return [];
    const parsed = await parseInBackground(doc);
    if (!parsed) return []; // edited meanwhile: VS Code asks again for the new text
    const at = parsed.spec?.keyRanges?.model ?? parsed.spec?.ranges.model;
    if (!parsed.spec || !at) return [];
    const range = toRange(at);
    const last = await this.history.lastRun(doc.uri);
    const facts = dataFacts(parsed.spec, last?.start);
    const parts = ['▶ Train'];
    if (facts.features !== undefined) parts.push(plural(countParameters(parsed.spec, facts.features).total, 'parameter'));
    if (facts.trainSamples !== undefined) parts.push(plural(facts.trainSamples, 'training sample'));
    const lenses = [new vscode.CodeLens(range, { title: parts.join(' · '), command: 'backprop.train', arguments: [doc.uri], tooltip: 'Train this network (Backprop: Train network)' })];
    const estimate = estimateLens(parsed.spec, facts);
    if (estimate) lenses.push(new vscode.CodeLens(range, estimate));
    lenses.push(new vscode.CodeLens(range, this.studyLens(doc.uri)));
    if (last) {
      const acc = last.end?.final?.validation?.accuracy ?? last.end?.best.validation?.accuracy;
      const result = !last.end ? 'training…' : last.end.verdict ? VERDICT[last.end.verdict] : last.end.status;
      const title = `Last run: ${result}${acc !== undefined ? ` · ${formatPercent(acc)} validation accuracy` : ''}`;
      lenses.push(new vscode.CodeLens(range, { title, command: 'backprop.openPanel', arguments: [doc.uri], tooltip: 'Show the training panel' }));
    }
    return lenses;
  }

  private studyLens(uri: vscode.Uri): vscode.Command {
    if (this.studies.isRunning(uri)) return { title: 'Diagnosing bias & variance…', command: 'backprop.openPanel', arguments: [uri] };
    const summary = this.studies.currentResult(uri)?.summary;
    if (!summary) {
      return { title: 'Diagnose bias & variance', command: 'backprop.diagnose', arguments: [uri], tooltip: 'Learning curve, model-size and weight-decay sweeps, bootstrap decomposition (Backprop: Diagnose bias and variance)' };
    }
    const found = summary.dominant === 'neither' ? 'neither bias nor variance dominates' : `${summary.dominant} dominates`;
    return { title: `Study: ${found}`, command: 'backprop.openPanel', arguments: [uri], tooltip: summary.message };
  }
}

/** "Estimate: 95 MiB · 1.8 s per epoch" (plain text: no command), the parts in its tooltip. */
function estimateLens(spec: NetworkSpec, facts: DataFacts): vscode.Command | undefined {
  if (facts.features === undefined || facts.trainSamples === undefined) return undefined;
  // Targets as the device holds them: one per output unit (one-hot classes), an upper bound.
  const head = [...spec.model].reverse().find((l) => l.kind === 'dense');
  const targets = head?.kind === 'dense' ? head.units : 1;
  const e = estimateOfSpec(spec, { features: facts.features, trainSamples: facts.trainSamples, validationSamples: facts.validationSamples ?? 0, targets });
  // `auto` may pick either backend: the slower estimate is the safe one to show.
  const backend = spec.train.backend === 'cpu' ? 'cpu' : spec.train.backend === 'webgpu' ? 'webgpu'
    : e.secondsPerEpoch.cpu >= e.secondsPerEpoch.webgpu ? 'cpu' : 'webgpu';
  return {
    title: `Estimate: ${formatBytes(e.totalBytes)} · ${formatSeconds(e.secondsPerEpoch[backend])} per epoch`, command: '',
    tooltip: [`Before training, from the declared sizes: ${describeEstimate(e, backend)}.`, ...estimateDetails(e)].join('\n'),
  };
}
