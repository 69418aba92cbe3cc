// Earlier runs of the same file, to draw over the current one: a disclosure with one
// checkbox per run; every change asks the host for the chosen runs' curves.
import type { CheckedElement } from '../../common/toolkit';
import { h } from '../../common/dom';

export class OverlayPicker {
  readonly root = h('details', { id: 'overlay', class: 'overlay-picker' });
  private readonly summary = h('summary', {}, 'Compare with earlier runs');
  private readonly list = h('div', { class: 'overlay-list', role: 'group', 'aria-label': 'Earlier runs to overlay' });
  private selected: Set<string>;

  constructor(selected: string[], private readonly onChange: (ids: string[]) => void) {
    this.selected = new Set(selected);
    this.root.append(this.summary, this.list);
    this.root.hidden = true;
  }

  /** The runs the host offers; selections of runs no longer offered are dropped. */
  setRuns(runs: { runId: string; label: string }[]): void {
    this.root.hidden = runs.length === 0;
    this.summary.textContent = `Compare with earlier runs (${runs.length})`;
    const offered = new Set(runs.map((r) => r.runId));
    const before = this.selected.size;
    this.selected = new Set([...this.selected].filter((id) => offered.has(id)));
    this.list.replaceChildren(...runs.map((r) => {
      const box = h('vscode-checkbox', { 'data-run': r.runId, checked: this.selected.has(r.runId) }, r.label) as CheckedElement;
      box.addEventListener('change', () => {
        if (box.checked === this.selected.has(r.runId)) return;
        if (box.checked) this.selected.add(r.runId);
        else this.selected.delete(r.runId);
        this.onChange([...this.selected]);
      });
      return box;
    }));
    if (this.selected.size !== before || this.selected.size > 0) this.onChange([...this.selected]);
  }
}
