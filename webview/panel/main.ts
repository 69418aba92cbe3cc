// The training panel: everything drawn from the run's event stream, and the file's
// bias/variance studies. The host sends a snapshot (`run`) then batches (`events`), and the
// studies whole (`study`); views redraw through one throttled scheduler.
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
import { MistakesGallery } from './views/mistakesGallery';
import { PictureSection } from './views/pictureSection';
import { StudySection } from './views/studySection';
import { SummaryCard } from './views/summaryCard';
import { TryFixesCard } from './views/tryFixesCard';
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
const histograms = new HistogramsSection(ui, state, () => { remember(); scheduler.request(); });
const images = new WeightImages();
const confusion = new ConfusionSection(ui, state, () => { remember(); scheduler.request(); });
const mistakes = new MistakesGallery(ui, state);
const picture = new PictureSection(ui, state, () => { remember(); scheduler.request(); });
const fileName = () => slug(state.start?.name ?? study?.result?.name ?? 'network');
const studies = new StudySection(pal, fileName, diagnose);
const empty = new EmptyState(diagnose);
const overview = h('div', { class: 'grid overview' }, verdict.root, summary.root);
// The studies sit under the run's verdict they go deeper into; they show without a run too.
const runViews = [overview, curves.root, picture.root, confusion.root, mistakes.root, gradients.root, histograms.root, images.root];
const content = h('div', { class: 'content' }, overview, tries.root, studies.root, curves.root, picture.root, confusion.root, mistakes.root, gradients.root, histograms.root, images.root);

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
  if (!has) return;
  const t0 = performance.now();
  verdict.render(state);
  summary.render(state.start);
  curves.render(state, overlays, pal);
  picture.render(pal, force);
  confusion.render();
  mistakes.render();
  gradients.render(state, pal, force);
  histograms.render(pal, force);
  content.dataset['drawMs'] = (performance.now() - t0).toFixed(0);
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
      status = m.status;
      app.replaceChildren(header.root, empty.root, content);
      break;
    case 'run':
      state.reset(m.runId, m.live);
      state.add(m.events);
      images.clear();
      // The chosen histogram epoch belongs to the run it was chosen in (kept over a reload).
      if (m.live || m.runId !== ui.runId) { ui.histEpoch = null; ui.pictureFrame = null; ui.picturePair = null; }
      ui.runId = m.runId;
      remember();
      break;
    case 'events':
      if (m.runId !== state.runId) return;
      state.add(m.events);
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
      study = m.study;
      studies.received(m.study);
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
    default:
      return exhaustive(m);
  }
  scheduler.request();
}

connect<PanelMessage>('panel', receive);
