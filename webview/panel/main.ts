// The training panel: everything drawn from the run's event stream, and the file's
// bias/variance studies. The host sends a snapshot (`run`) then batches (`events`), and the
// studies whole (`study`); views redraw through one throttled scheduler. What comes from
// stored files is checked against its schema again here: what does not fit is left out
// and said in an "unreadable result" card, and a view that throws does not take the page.
import { checkedEvents } from '../../src/engine/runstore/schema';
import { checkStudy, checkStudyResult } from '../../src/engine/studies/schema';
import type { TrainEvent } from '../../src/engine/train/events';
import { exhaustive, type PanelMessage, type PanelStatus, type StudyView, type WebviewRequest } from '../../src/shared/protocol';
import { h } from '../common/dom';
import { connect, LatestRequest, loadState, post, saveState } from '../common/host';
import { onThemeChange, palette } from '../common/theme';
import { registerToolkit } from '../common/toolkit';
import type { OverlayRun } from './charts/metricChart';
import { RunState } from './runState';
import { Scheduler } from './scheduler';
import { slug } from './format';
import { ConfusionSection } from './views/confusionSection';
import { CurvesSection } from './views/curvesSection';
import { EmptyState } from './views/emptyState';
import { GradientsSection } from './views/gradientsSection';
import { Header } from './views/header';
import { HistogramsSection } from './views/histogramsSection';
import { MetricsSection } from './views/metricsSection';
import { MistakesGallery } from './views/mistakesGallery';
import { PictureSection } from './views/pictureSection';
import { StudySection } from './views/studySection';
import { SummaryCard } from './views/summaryCard';
import { TryFixesCard } from './views/tryFixesCard';
import { UnreadableCard } from './views/unreadableCard';
import { VerdictCard } from './views/verdictCard';
import { WeightImages } from './views/weightImages';

registerToolkit();

const ui = loadState({ beta: 0.6, log: false, overlay: [] as string[], histEpoch: null as number | null, pictureFrame: null as string | null, picturePair: null as string | null, runId: '' });
const state = new RunState();
let pal = palette();
let status: PanelStatus = 'idle';
let statusMessage: string | undefined;
let overlays: OverlayRun[] = [];
let study: StudyView | null = null;
let networkFileName = 'this file';
const overlayRequest = new LatestRequest<Extract<WebviewRequest, { type: 'overlay' }>>();
const tryRequest = new LatestRequest<Extract<WebviewRequest, { type: 'tryFixes' }>>();
const applyRequest = new LatestRequest<Extract<WebviewRequest, { type: 'applyTrial' }>>();

const remember = () => saveState(ui);
const diagnose = () => {
  studies.revealNext();
  post({ type: 'command', command: 'diagnose' });
};
const header = new Header(state, diagnose);
const tryFixes = () => {
  tries.asked();
  tryRequest.send({ type: 'tryFixes' });
  scheduler.request();
};
const verdict = new VerdictCard(tryFixes);
const tries = new TryFixesCard((tryId, index) => applyRequest.send({ type: 'applyTrial', tryId, trial: index }), tryFixes);
const summary = new SummaryCard();
const curves = new CurvesSection(ui, state, pal, () => { remember(); scheduler.request(); }, (runIds) => {
  ui.overlay = runIds;
  remember();
  if (runIds.length === 0) overlays = [];
  overlayRequest.send({ type: 'overlay', runIds });
  scheduler.request();
}, ui.overlay);
const gradients = new GradientsSection(state, pal);
const metrics = new MetricsSection(state, pal);
const histograms = new HistogramsSection(ui, state, () => { remember(); scheduler.request(); });
const images = new WeightImages();
const confusion = new ConfusionSection(ui, state, () => { remember(); scheduler.request(); });
const mistakes = new MistakesGallery(ui, state);
const picture = new PictureSection(ui, state, () => { remember(); scheduler.request(); });
const fileName = () => slug(state.start?.name ?? study?.result?.name ?? 'network');
const studies = new StudySection(pal, fileName, diagnose);
const empty = new EmptyState(diagnose);
const unreadable = new UnreadableCard();
const overview = h('div', { class: 'grid overview' }, verdict.root, summary.root);
// The studies sit under the run's verdict they go deeper into; they show without a run too.
const runViews = [overview, curves.root, picture.root, confusion.root, mistakes.root, gradients.root, metrics.root, histograms.root, images.root];
const content = h('div', { class: 'content' }, unreadable.root, overview, tries.root, studies.root, curves.root, picture.root, confusion.root, mistakes.root, gradients.root, metrics.root, histograms.root, images.root);

const app = document.getElementById('app')!;
let draws = 0;
function draw(force: boolean): void {
  // On the page for the harness: how many redraws (throttled?) and whether one is pending.
  content.dataset['draws'] = String(++draws);
  app.dataset['drawn'] = 'yes';
  header.render(status, statusMessage, study?.status === 'running');
  const has = state.hasRun;
  empty.render(!has && status !== 'running' && status !== 'starting', study !== null);
  studies.render(study, pal, force);
  tries.render();
  for (const v of runViews) v.hidden = !has;
  if (has) drawRun(force);
  unreadable.render();
}

function drawRun(force: boolean): void {
  const t0 = performance.now();
  try {
    verdict.render(state);
    summary.render(state.start);
    curves.render(state, overlays, pal);
    picture.render(pal, force);
    confusion.render();
    mistakes.render();
    gradients.render(state, pal, force);
    metrics.render(state, pal, force);
    histograms.render(pal, force);
  } catch (err) {
    // Values the schema lets through but a view cannot draw: say so, keep the page.
    unreadable.set('draw', { file: `run ${state.runId}`, reason: `the panel could not draw it: ${err instanceof Error ? err.message : String(err)}` });
    post({ type: 'error', message: `drawing run ${state.runId}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`.slice(0, 4000) });
  }
  content.dataset['drawMs'] = (performance.now() - t0).toFixed(0);
}

/** The events that fit their schema, up to the first that does not (said in the card). */
function fitting(runId: string, events: unknown[], offset: number): TrainEvent[] {
  const { events: ok, problem } = checkedEvents(events);
  if (problem) unreadable.set('run', { file: `events of run ${runId}`, reason: `event ${offset + problem.index + 1}: ${problem.reason}` });
  return ok;
}

/** The study view, or null when what it holds does not fit (said in the card). */
function fittingStudy(view: StudyView | null): StudyView | null {
  if (!view) return null;
  const wrong = (view.result ? checkStudyResult(view.result) : undefined)
    ?? (Array.isArray(view.studies) ? view.studies.map((s, i) => checkStudy(s, `studies[${i}]`)).find((e) => e !== undefined) : 'studies is not a list');
  if (!wrong) return view;
  unreadable.set('study', { file: `the studies of ${networkFileName}`, reason: wrong });
  return null;
}
const drawer = new Scheduler(draw);
const scheduler = {
  request(force = false): void {
    app.dataset['drawn'] = 'no';
    drawer.request(force);
  },
};

onThemeChange(() => {
  pal = palette();
  scheduler.request(true);
});

function receive(m: PanelMessage): void {
  switch (m.type) {
    case 'init':
      header.setFile(m.fileName, m.filePath);
      networkFileName = m.fileName;
      status = m.status;
      app.replaceChildren(header.root, empty.root, content);
      break;
    case 'run':
      state.reset(m.runId, m.live);
      unreadable.set('run', null);
      unreadable.set('draw', null);
      state.add(fitting(m.runId, m.events, 0));
      images.clear();
      // The chosen histogram epoch belongs to the run it was chosen in (kept over a reload).
      if (m.live || m.runId !== ui.runId) { ui.histEpoch = null; ui.pictureFrame = null; ui.picturePair = null; }
      ui.runId = m.runId;
      remember();
      break;
    case 'events':
      // After an event that did not fit, the rest of the run is left out too.
      if (m.runId !== state.runId || unreadable.has('run')) return;
      state.add(fitting(m.runId, m.events, state.events.length));
      break;
    case 'status':
      status = m.status;
      statusMessage = m.message;
      break;
    case 'history':
      curves.picker.setRuns(m.runs);
      return;
    case 'overlay':
      if (!overlayRequest.answers(m)) return;
      overlays = m.runs;
      break;
    case 'weights':
      if (m.runId === state.runId) images.render(m);
      return;
    case 'study':
      unreadable.set('study', null);
      study = fittingStudy(m.study);
      studies.received(study);
      break;
    case 'trial':
      tries.received(m.view);
      break;
    case 'tryFixes':
      if (tryRequest.answers(m)) tries.answered(m.status, m.message);
      break;
    case 'applyTrial':
      if (applyRequest.answers(m)) tries.applyAnswered(m.applied, m.message);
      break;
    case 'unreadable':
      // The host's reading of the stored file (after the `run` or `study` it concerns).
      unreadable.set(m.part, m.problem);
      break;
    default:
      return exhaustive(m);
  }
  scheduler.request();
}

connect<PanelMessage>('panel', receive);
