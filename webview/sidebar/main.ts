// The Runs side view: the loss curve of the current (or last) run, live while it trains,
// and the list of runs; a click on a run opens it in the training panel.
import type { RunSummary } from '../../src/engine/runstore/types';
import { exhaustive, type OverlayPoint, type SidebarMessage } from '../../src/shared/protocol';
import { h } from '../common/dom';
import { connect, post } from '../common/host';
import { onThemeChange, palette } from '../common/theme';
import { LiveChart } from './liveChart';
import { drawThumb } from './pictureThumb';
import { runsList } from './runsList';

const app = document.getElementById('app')!;
const title = h('span', { class: 'live-name' });
const detail = h('span', { class: 'live-detail muted' });
const canvas = h('canvas', { id: 'live-chart', 'aria-label': 'Loss per epoch, training and validation' });
const thumb = h('canvas', { id: 'side-picture', role: 'img' });
const thumbBox = h('div', { class: 'picture-thumb', id: 'side-picture-box' }, thumb);
thumbBox.hidden = true;
const live = h('section', { class: 'live' }, h('h2', {}, title, detail), h('div', { class: 'chart-box' }, canvas), thumbBox);
live.hidden = true;
const list = h('section', { class: 'list' });
app.replaceChildren(live, list);

let chart: LiveChart | undefined;
let points: OverlayPoint[] = [];
let runs: RunSummary[] = [];
let liveId = '';
let picture: Extract<SidebarMessage, { type: 'picture' }> | undefined;

/** The run's newest boundary or curve, as wide as the view allows (at most 220 px). */
function renderPicture(): void {
  thumbBox.hidden = !picture || picture.runId !== liveId;
  if (thumbBox.hidden || !picture) return;
  const d = picture.data;
  drawThumb(thumb, picture, palette(), Math.max(120, Math.min(220, (live.clientWidth || 220) - 4)));
  const what = d.picture === 'boundary' ? `Decision boundary over ${d.featureNames.join(' and ')}` : `Fitted curve over ${d.featureNames[0] ?? 'the input'}`;
  thumb.setAttribute('aria-label', `${what}, ${picture.frame}`);
  thumb.title = `${what} (${picture.frame}); the panel shows it in full`;
}
onThemeChange(renderPicture);

function renderRuns(): void {
  if (runs.length === 0) {
    list.replaceChildren(
      h('p', { class: 'empty' }, 'No runs yet'),
      h('p', { class: 'muted' }, 'Open a network file (*.nn.yaml) and run "Train network".'),
    );
    return;
  }
  list.replaceChildren(h('h2', {}, `Runs (${runs.length})`), runsList(runs, (runId) => post({ type: 'openRun', runId })));
  renderDetail();
}

function renderDetail(): void {
  const run = runs.find((r) => r.id === liveId);
  const last = points[points.length - 1];
  const epoch = last ? `epoch ${last.epoch}` : 'starting…';
  detail.textContent = run && run.status !== 'running' ? ` · ${run.verdict?.replace('_', ' ') ?? run.status}` : ` · ${epoch}`;
}

function onLive(m: Extract<SidebarMessage, { type: 'live' }>): void {
  live.hidden = false;
  chart ??= new LiveChart(canvas);
  liveId = m.runId;
  title.textContent = m.name;
  if (m.reset) {
    points = [...m.points];
    chart.set(points);
  } else {
    points.push(...m.points);
    chart.append(m.points);
  }
  renderDetail();
  renderPicture();
}

connect<SidebarMessage>('sidebar', (m) => {
  switch (m.type) {
    case 'runs':
      runs = m.runs;
      return renderRuns();
    case 'live': return onLive(m);
    case 'picture':
      picture = m;
      return renderPicture();
    default: return exhaustive(m);
  }
});
