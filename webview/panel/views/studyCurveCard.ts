// One curve study in a card: the learning curve or a sweep (model size, depth, weight decay). The
// chart, the study's own sentence, the sweep's quick fix as a small Apply link, and the
// numbers in a table (the chart's text alternative). Before the study finishes: "waiting…".
// The Apply link shows only on a finished, current result: not while a diagnosis runs (the
// host refuses an edit then) and not when the file changed since (stale).
import type { CurvePoint, ErrorMetric, SweepKind } from '../../../src/engine/studies/types';
import type { StudyView } from '../../../src/shared/protocol';
import { post } from '../../common/host';
import type { Palette } from '../../common/theme';
import { StudyCurveChart } from '../charts/studyCurveChart';
import { h } from '../../common/dom';
import { chartCard } from '../dom';
import { count } from '../format';
import { cardState, errorName, errorText, findStudy, placeholderText, spreadText, STUDY_TITLES, type CurveStudy } from '../studyModel';

type CurveKind = 'learning_curve' | SweepKind;
const X_TITLES: Record<CurveKind, string> = { learning_curve: 'training samples', model_size: 'hidden widths', depth: 'hidden layers', weight_decay: 'weight decay' };

export class StudyCurveCard {
  readonly root: HTMLElement;
  private readonly chart: StudyCurveChart;
  private readonly placeholder = h('p', { class: 'placeholder muted' });
  private readonly sentence = h('p', { class: 'study-sentence' });
  private readonly fix = h('p', { class: 'sweep-fix' });
  private readonly table = h('table', { class: 'layers study-table' });
  private readonly note: HTMLElement;
  private shown = '';

  constructor(private readonly kind: CurveKind, p: Palette, fileName: () => string) {
    const id = `study-${kind.replace('_', '-')}`;
    const card = chartCard(id, STUDY_TITLES[kind], `${STUDY_TITLES[kind]}: not measured yet`, () => `${fileName()}-${id}.png`);
    this.note = card.note;
    this.chart = new StudyCurveChart(card.canvas, kind, X_TITLES[kind], p);
    const numbers = h('details', { class: 'numbers' }, h('summary', {}, 'Numbers'), h('div', { class: 'table-wrap' }, this.table));
    card.root.append(this.placeholder, this.sentence, this.fix, numbers);
    this.root = card.root;
  }

  render(view: StudyView, p: Palette, force: boolean): void {
    const state = cardState(view, this.kind);
    const study = findStudy(view.studies, this.kind);
    // Until the study is done only the heading and this line show (media/panel.css).
    this.root.dataset['state'] = state;
    this.placeholder.textContent = placeholderText(state, view);
    if (!study) return;
    const offer = !view.stale && view.status !== 'running';
    const key = `${JSON.stringify(study)}|${offer}`;
    if (key === this.shown && !force) return;
    this.shown = key;
    this.chart.render(study, p);
    this.chart.canvas.setAttribute('aria-label', describeCurve(study));
    this.root.dataset['points'] = String(study.points.length);
    const seeds = Math.max(0, ...study.points.map((pt) => pt.validation?.runs ?? 0));
    this.note.textContent = seeds > 1 ? `Lines: the mean over ${seeds} seeds. Shaded: their range, min to max.` : 'One seed per setting.';
    this.sentence.textContent = study.summary;
    this.renderFix(study, offer);
    this.renderTable(study);
  }

  /** The sweep's quick fix, when `offer`ed (a finished, current result). */
  private renderFix(study: CurveStudy, offer: boolean): void {
    const fix = 'quickFix' in study ? study.quickFix : null;
    this.fix.hidden = !fix || !offer;
    // Gone, not merely hidden: nothing to find by id or to reach by keyboard meanwhile.
    if (!fix || !offer || study.kind === 'learning_curve') {
      this.fix.replaceChildren();
      return;
    }
    const source = study.kind;
    const link = h('button', { class: 'link-button', id: `apply-${source.replace('_', '-')}-fix`, type: 'button' }, `Apply: ${fix.title}`);
    link.addEventListener('click', () => post({ type: 'applyStudyFix', source }));
    this.fix.replaceChildren(link, h('span', { class: 'muted' }, ` validation ${errorName(study.metric)} ${errorText(study.metric, fix.from)} → ${errorText(study.metric, fix.to)}`));
  }

  private renderTable(study: CurveStudy): void {
    const sweep = study.kind !== 'learning_curve';
    const best = 'best' in study ? study.best : null;
    const rows = study.points.map((pt: CurvePoint & { current?: boolean }, i) => {
      const marks = [pt.current ? 'file' : '', i === best ? 'best' : ''].filter(Boolean).join(', ');
      return h('tr', { 'data-current': pt.current ? 'true' : undefined, 'data-best': i === best ? 'true' : undefined },
        h('th', { scope: 'row' }, sweep ? pt.label : `${pt.x}`, marks ? h('span', { class: 'muted' }, ` (${marks})`) : ''),
        h('td', { class: 'num' }, spreadText(study.metric, pt.train)),
        h('td', { class: 'num' }, spreadText(study.metric, pt.validation)),
        h('td', { class: 'num' }, `${pt.validation?.runs ?? 0}${pt.failed ? ` (${pt.failed} failed)` : ''}`));
    });
    this.table.replaceChildren(
      h('caption', { class: 'sr-only' }, `${STUDY_TITLES[study.kind]}: training and validation ${errorName(study.metric)}, mean ± standard deviation over seeds`),
      h('thead', {}, h('tr', {}, ...[sweep ? 'Setting' : 'Training samples', 'Training', 'Validation', 'Runs'].map((t, i) =>
        h('th', { scope: 'col', class: i ? 'num' : undefined }, t)))),
      h('tbody', {}, ...rows));
  }
}

/** The chart in a sentence, every point's validation error in it (screen readers). */
function describeCurve(study: CurveStudy): string {
  const m: ErrorMetric = study.metric;
  const pts = study.points.map((pt) => `${study.kind === 'learning_curve' ? `${count(pt.x, 'sample')}` : pt.label}: training ${errorText(m, pt.train?.mean)}, validation ${errorText(m, pt.validation?.mean)}`);
  const best = 'best' in study && study.best !== null ? `; best: ${study.points[study.best]?.label}` : '';
  return `${STUDY_TITLES[study.kind]}, mean ${errorName(m)} over seeds. ${pts.join('; ')}${best}.`;
}
