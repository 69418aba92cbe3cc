// The list of runs: name and verdict, then file, when, epochs and best validation accuracy.
// Rows are buttons (click or Enter opens the run in the panel).
import type { RunSummary } from '../../src/engine/runstore/types';
import { formatWhen } from '../../src/shared/time';
import { h } from '../common/dom';

const VERDICT: Record<string, string> = { good_fit: 'good fit', overfitting: 'overfitting', underfitting: 'underfitting' };

/** How a run ended, when that is worth saying next to its verdict. */
const ENDING: Partial<Record<RunSummary['status'], string>> = { cancelled: 'stopped', interrupted: 'interrupted', failed: 'failed' };

export function statusText(r: RunSummary): string {
  if (r.status === 'running') return 'training…';
  if (r.verdict) return VERDICT[r.verdict] ?? r.verdict;
  return r.status.replace('_', ' ');
}


function fileName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}

/** A running run's counts are those of when the list was read: the live chart has the real ones. */
function details(r: RunSummary, acc: string): string[] {
  if (r.status === 'running') return ['started ' + formatWhen(r.startedAt), fileName(r.file)];
  return [ENDING[r.status], acc, `${r.epochs} ${r.epochs === 1 ? 'epoch' : 'epochs'}`, formatWhen(r.startedAt), fileName(r.file)].filter((x): x is string => !!x);
}

export function runsList(runs: RunSummary[], open: (runId: string) => void): HTMLElement {
  const list = h('ul', { class: 'runs', 'aria-label': 'Training runs' });
  for (const r of runs) {
    const acc = r.bestValidationAccuracy !== null ? `${(100 * r.bestValidationAccuracy).toFixed(1)}% val acc` : r.bestValidationLoss !== null ? `val loss ${r.bestValidationLoss.toPrecision(3)}` : '';
    const badge = r.verdict ?? r.status;
    // data-vscode-context: the workbench's context menu on a run (Evaluate, Predict…, Export model…)
    // passes this object to the command; only finished runs have weights to use.
    const menu = r.status === 'running' ? undefined : JSON.stringify({ webviewSection: 'run', runId: r.id, preventDefaultContextMenuItems: true });
    const row = h('li', { class: 'run', title: `${r.file}\n${r.startedAt} · ${r.backend} · click to open in the panel`, tabindex: 0, role: 'button', 'data-run-id': r.id, 'data-vscode-context': menu },
      h('div', { class: 'line1' },
        h('span', { class: 'name' }, r.name),
        h('span', { class: `badge badge-${badge}` }, statusText(r))),
      h('div', { class: 'line2 muted' }, details(r, acc).join(' · ')));
    row.addEventListener('click', () => open(r.id));
    row.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open(r.id);
      }
    });
    list.append(row);
  }
  return list;
}
