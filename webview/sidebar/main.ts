// The Runs side view: the list of training runs, or "No runs yet".
import type { RunSummary, SidebarMessage } from '../../src/shared/protocol';
import { connect, el } from '../common/host';

const app = document.getElementById('app')!;

function render(runs: RunSummary[]): void {
  if (runs.length === 0) {
    app.replaceChildren(
      el('p', { className: 'empty', text: 'No runs yet' }),
      el('p', { className: 'muted', text: 'Open a network file (*.nn.yaml) and run "Train network".' }),
    );
    return;
  }
  app.replaceChildren(el('ul', { className: 'runs' }, ...runs.map((r) =>
    el('li', { title: r.file }, el('span', { text: r.name }), el('span', { className: `status status-${r.status}`, text: r.status })))));
}

connect<SidebarMessage>('sidebar', (m) => {
  if (m.type === 'runs') render(m.runs);
});
