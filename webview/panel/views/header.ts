// The panel's header: the file, the run status (badge and a line of details), Train and
// Stop, Diagnose (the bias/variance studies), and the run's CSV / JSON export.
import type { PanelStatus } from '../../../src/shared/protocol';
import { post } from '../../common/host';
import type { DisableableElement } from '../../common/toolkit';
import { h } from '../../common/dom';
import { button } from '../dom';
import { runCsv, runJson } from '../exportData';
import { int, seconds, slug } from '../format';
import type { RunState } from '../runState';

const BADGE: Record<PanelStatus, string> = {
  idle: 'Not trained yet', starting: 'Starting…', running: 'Training…', finished: 'Finished', stopped: 'Stopped', failed: 'Failed',
};

export class Header {
  readonly root: HTMLElement;
  private readonly title = h('h1', {}, '');
  private readonly badge = h('span', { class: 'status status-idle', role: 'status' }, BADGE.idle);
  private readonly line = h('p', { id: 'status-line', class: 'status-line muted' });
  /** Why the run trains where it does (e.g. Dawn could not load, so the CPU): start.backend.reason. */
  private readonly backend = h('p', { id: 'backend-reason', class: 'status-line muted' });
  private readonly train = button('Train', () => post({ type: 'command', command: 'train' }), { appearance: 'primary', id: 'train', title: 'Train this network file' }) as DisableableElement;
  private readonly stop = button('Stop', () => post({ type: 'command', command: 'stop' }), { id: 'stop', title: 'Stop training' }) as DisableableElement;
  private readonly diagnose: DisableableElement;
  private readonly csv: DisableableElement;
  private readonly json: DisableableElement;
  private readonly exports: HTMLElement;

  constructor(private readonly state: RunState, onDiagnose: () => void) {
    this.diagnose = button('Diagnose', onDiagnose, { id: 'diagnose', title: 'Diagnose bias and variance: train the network many times (less data, other sizes and weight decays, resamples)' }) as DisableableElement;
    const name = () => slug(this.state.start?.name ?? this.title.textContent ?? 'run');
    this.csv = button('CSV', () => post({ type: 'export', format: 'csv', suggestedName: `${name()}-epochs.csv`, data: runCsv(this.state) }),
      { id: 'export-csv', title: 'Save the run as CSV: one row per epoch', 'aria-label': 'Export the run as CSV' }) as DisableableElement;
    this.json = button('JSON', () => post({ type: 'export', format: 'json', suggestedName: `${name()}-events.json`, data: runJson(this.state) }),
      { id: 'export-json', title: 'Save the run\'s events as JSON', 'aria-label': 'Export the run\'s events as JSON' }) as DisableableElement;
    this.exports = h('span', { class: 'export-group' },
      h('span', { class: 'separator', 'aria-hidden': 'true' }), h('span', { class: 'muted label' }, 'Export run:'), this.csv, this.json);
    this.root = h('header', { class: 'panel-header' },
      h('div', { class: 'title-row' }, this.title, this.badge),
      h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Run actions' }, this.train, this.stop, this.diagnose,
        this.exports),
      this.line, this.backend);
  }

  setFile(name: string, path: string): void {
    this.title.textContent = name;
    this.title.title = path;
  }

  render(status: PanelStatus, message: string | undefined, studiesRunning: boolean): void {
    const shown = this.shownStatus(status);
    this.badge.textContent = BADGE[shown];
    this.badge.className = `status status-${shown}`;
    const busy = shown === 'running' || shown === 'starting';
    this.train.disabled = busy;
    this.stop.disabled = !busy;
    this.diagnose.disabled = studiesRunning;
    this.exports.hidden = !this.state.hasRun;
    this.line.textContent = [this.details(), message].filter(Boolean).join(' · ');
    const backend = this.state.hasRun ? this.state.start?.backend : undefined;
    this.backend.hidden = !backend;
    this.backend.textContent = backend ? `Backend ${backend.name}: ${backend.reason}` : '';
  }

  /** The host's status is about the file's session; a reopened run says its own ending. */
  private shownStatus(status: PanelStatus): PanelStatus {
    if (status === 'running' || status === 'starting' || this.state.live) return status === 'idle' ? 'running' : status;
    const end = this.state.end;
    if (!end) return this.state.hasRun && status === 'idle' ? 'stopped' : status;
    return end.status === 'failed' ? 'failed' : end.status === 'cancelled' ? 'stopped' : 'finished';
  }

  private details(): string {
    const s = this.state;
    if (!s.hasRun) return '';
    const last = s.lastEpoch;
    const parts: string[] = [];
    const total = s.start?.epochs;
    if (s.end) {
      const how = { completed: 'completed', early_stopped: 'early stopped', cancelled: 'stopped', failed: 'failed' }[s.end.status];
      parts.push(`${how} at epoch ${int(s.end.epochs)}${total ? ` of ${int(total)}` : ''}`, `best epoch ${s.end.best_epoch}`, seconds(s.end.seconds));
    } else if (last) {
      parts.push(`epoch ${int(last.epoch)}${total ? ` of ${int(total)}` : ''}`);
      parts.push(seconds(s.epochs.reduce((a, e) => a + e.seconds, 0)));
    }
    if (s.start) parts.push(`${s.start.backend.name} (${s.start.backend.adapter})`);
    return parts.join(' · ');
  }
}
