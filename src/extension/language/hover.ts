// Hover on a layer of `model`: its output shape, parameters, and the gradient statistics
// of the latest run's last epoch (live while it trains), and a link to the format reference.
import * as vscode from 'vscode';
import { countParameters } from '../../engine/netfile';
import type { LayerSpec, NetworkSpec } from '../../engine/netfile/spec';
import { formatCount, formatLoss, formatPercent } from '../base/format';
import type { LastRun, RunHistory } from '../runs/history';
import { parseInBackground, toRange } from './documents';
import { dataFacts } from './facts';
import { referenceLink, referenceMarkdown } from './reference';

export class LayerHover implements vscode.HoverProvider {
  constructor(private readonly history: RunHistory) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const spec = (await parseInBackground(doc))?.spec;
    if (!spec) return undefined;
    const index = layerAt(doc, spec, position);
    if (index === undefined) return undefined;
    const last = await this.history.lastRun(doc.uri);
    const md = referenceMarkdown(`${describeLayer(spec, index, last)}\n\n${referenceLink()}`);
    return new vscode.Hover(md, toRange(spec.ranges[`model[${index}]`]!));
  }
}

/** The item of `model` under the cursor, also on its `- ` line. */
function layerAt(doc: vscode.TextDocument, spec: NetworkSpec, position: vscode.Position): number | undefined {
  for (let i = 0; i < spec.model.length; i++) {
    const r = spec.ranges[`model[${i}]`];
    if (!r) continue;
    const range = toRange(r);
    const withDash = new vscode.Range(range.start.with(undefined, 0), range.end);
    if (range.contains(position) || (withDash.contains(position) && /^\s*-\s*$/.test(doc.lineAt(range.start.line).text.slice(0, range.start.character)))) return i;
  }
  return undefined;
}

function title(l: LayerSpec, i: number, last: boolean): string {
  const what = l.kind === 'dense' ? `dense ${l.units} · ${l.activation}` : l.kind === 'dropout' ? `dropout ${l.rate}` : `activation · ${l.activation}`;
  return `**Layer ${i + 1}${last ? ' (output)' : ''}** · ${what}`;
}

export function describeLayer(spec: NetworkSpec, i: number, run?: LastRun): string {
  const layer = spec.model[i]!;
  const lastDense = spec.model.map((l) => l.kind).lastIndexOf('dense');
  const lines = [title(layer, i, i === lastDense)];
  const facts = dataFacts(spec, run?.start);
  if (facts.features !== undefined) {
    const count = countParameters(spec, facts.features);
    const width = count.outputShapes[i]!;
    const inputs = i === 0 ? facts.features : count.outputShapes[i - 1]!;
    lines.push(`Output shape: \`[batch, ${width}]\``);
    lines.push(layer.kind === 'dense'
      ? `Parameters: ${formatCount(count.perLayer[i]!)} (${inputs} × ${layer.units} weights + ${layer.units} biases) of ${formatCount(count.total)}`
      : 'Parameters: none');
  } else {
    lines.push('Output shape and parameters: train once to know the number of input features.');
  }
  // Statistics of a run whose model had other layers would describe some other layer.
  const sameModel = run?.start.layers.length === spec.model.length;
  const stats = sameModel ? run?.lastEpoch?.layers.find((s) => s.index === i) : undefined;
  if (stats && run?.lastEpoch) {
    const parts = [`gradient norm ${formatLoss(stats.grad_norm)}`, `weight norm ${formatLoss(stats.weight_norm)}`, `update/weight ${formatLoss(stats.update_ratio)}`];
    if (stats.dead_fraction !== undefined) parts.push(`dead units ${formatPercent(stats.dead_fraction)}`);
    const live = run.end ? '' : ' (training)';
    lines.push(`Last run, epoch ${run.lastEpoch.epoch}${live}: ${parts.join(' · ')}`);
  } else if (layer.kind === 'dense') {
    lines.push('Gradient norm: not trained yet.');
  }
  return lines.join('  \n');
}
