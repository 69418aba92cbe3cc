// What the bias/variance study view says, in words and numbers, from the host's StudyView
// (docs/studies.md): titles, error formatting, the dominant error, the status notes and the
// progress line. DOM-free so the tests can import it.
import { STUDY_KINDS, type BootstrapStudy, type ErrorMetric, type LearningCurveStudy, type LearningVerdict, type Study, type StudyKind, type StudyProgress, type SweepStudy } from '../../src/engine/studies/types';
import type { StudyView } from '../../src/shared/protocol';
import { num, noun } from './format';

export const STUDY_TITLES: Record<StudyKind, string> = {
  learning_curve: 'Learning curve', model_size: 'Model size', depth: 'Depth', weight_decay: 'Weight decay', bootstrap: 'Bootstrap decomposition',
};

/** Classification error as a percent; mse / mae as numbers. Negative values get a real minus. */
export function errorText(metric: ErrorMetric, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const text = metric === 'error' ? `${(Math.abs(v) * 100).toFixed(1)}%` : num(Math.abs(v));
  return v < 0 && text !== '0.0%' && text !== '0' ? `−${text}` : text;
}

/** What the values are called: "error", "mse" or "mae". */
export function errorName(metric: ErrorMetric): string {
  return metric;
}

/** The study type of each kind (SweepStudy's kind is a union, so Extract<> cannot find it). */
export interface StudyOfKind {
  learning_curve: LearningCurveStudy;
  model_size: SweepStudy;
  depth: SweepStudy;
  weight_decay: SweepStudy;
  bootstrap: BootstrapStudy;
}

export function findStudy<K extends StudyKind>(studies: readonly Study[], kind: K): StudyOfKind[K] | undefined {
  return studies.find((s) => s.kind === kind) as StudyOfKind[K] | undefined;
}
export type CurveStudy = LearningCurveStudy | SweepStudy;
export type { BootstrapStudy };

export const DOMINANT: Record<LearningVerdict, { badge: string; title: string }> = {
  bias: { badge: 'Bias', title: 'Bias dominates (underfitting)' },
  variance: { badge: 'Variance', title: 'Variance dominates (overfitting)' },
  neither: { badge: 'Neither', title: 'Neither bias nor variance dominates' },
};

/** The studies the view plans: the result's options once it ended, else all of them. */
export function plannedKinds(view: StudyView): readonly StudyKind[] {
  return view.result?.options.kinds ?? STUDY_KINDS;
}

/** The study cards to show: the planned ones, and the depth card for a result made before the
 *  depth study existed (its options have no depthChanges), where that card says "Not run.". */
export function shownKinds(view: StudyView): readonly StudyKind[] {
  const planned = plannedKinds(view);
  const predatesDepth = view.result !== null && view.result.options.depthChanges === undefined;
  return predatesDepth && !planned.includes('depth') ? STUDY_KINDS.filter((k) => k === 'depth' || planned.includes(k)) : planned;
}

/** Where one study card stands. */
export type CardState = 'done' | 'running' | 'waiting' | 'not-run';

export function cardState(view: StudyView, kind: StudyKind): CardState {
  if (findStudy(view.studies, kind)) return 'done';
  if (view.status === 'running') return view.progress?.study === kind ? 'running' : 'waiting';
  return 'not-run';
}

/** What a study's card says before the study is done. */
export function placeholderText(state: CardState, view: StudyView): string {
  if (state === 'running' && view.progress) return `running… ${view.progress.done}/${view.progress.total} ${noun(view.progress.total, 'training')}`;
  if (state === 'waiting') return 'waiting…';
  if (state === 'not-run') return view.status === 'cancelled' ? 'Not run: cancelled before this study.' : 'Not run.';
  return '';
}

/** "12/58 trainings · learning curve: 25% of the training data (30 samples), seed 2/3". */
export function progressText(p: StudyProgress | null): string {
  if (!p) return 'Starting the studies…';
  // Sweep and bootstrap messages name their study already ("weight decay 1e-3, seed 2/3").
  const name = STUDY_TITLES[p.study].toLowerCase();
  const named = p.message.toLowerCase().startsWith(name.split(' ')[0]!);
  return `${p.overall.done}/${p.overall.total} ${noun(p.overall.total, 'training')} · ${named ? '' : `${name}: `}${p.message}`;
}

/** A line about how the view ended when that is not a plain completed run; null otherwise. */
export function statusNote(view: StudyView): { kind: 'cancelled' | 'failed' | 'refused'; text: string } | null {
  if (view.status === 'cancelled') {
    const planned = plannedKinds(view).length;
    // The host adds a message when it had to kill the process.
    return { kind: 'cancelled', text: `Cancelled: ${view.studies.length} of ${planned} ${noun(planned, 'study', 'studies')} finished.${view.message ? ` ${view.message}` : ''}` };
  }
  if (view.status === 'failed') return { kind: 'failed', text: `The studies failed${view.message ? `: ${view.message}` : '.'}` };
  if (view.status === 'refused') return { kind: 'refused', text: `The studies cannot run on this file${view.message ? `: ${view.message}` : '.'}` };
  return null;
}

/**
 * What the live region says when the view changes from `before` to `now` (null: nothing to
 * say). Only what happened while the panel watched: the first view the panel receives (a
 * cached or finished result when it opens, or a run already under way) is the state as it
 * stands, so `before === undefined` says nothing. A finished view that is not the running
 * diagnosis's own (another `startedAt`, or a result older than the run) is the previous
 * result the host shows again when a re-run ended without one: it is not announced as
 * finished (the host's notification says how the run ended).
 */
export function studyAnnouncement(before: StudyView | null | undefined, now: StudyView | null): string | null {
  if (before === undefined || now === null) return null;
  const sameRun = before !== null && before.startedAt === now.startedAt;
  if (now.status === 'running') {
    if (!sameRun || before.status !== 'running') return 'Bias and variance studies started.';
    const last = now.studies[now.studies.length - 1];
    return now.studies.length > before.studies.length && last ? `${STUDY_TITLES[last.kind]} finished.` : null;
  }
  if (before?.status !== 'running') return null;
  const older = !sameRun || (now.result !== null && now.result.time < before.startedAt);
  if (older) return 'The studies ended without a new result; the previous result is shown.';
  if (now.status === 'completed') return `Studies finished${now.result?.summary ? `: ${now.result.summary.dominant} dominates` : ''}.`;
  return statusNote(now)?.text ?? null;
}

/** Chart.js multi-line tick labels: "×0.25 (16-16)" → ["×0.25", "(16-16)"], long words wrapped. */
export function labelLines(label: string, width = 16): string[] {
  return label.split(/ (?=\()/).flatMap((part) => {
    const lines: string[] = [];
    for (const word of part.split(' ')) {
      const last = lines[lines.length - 1];
      if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word);
    }
    return lines;
  });
}

/** "mean ± std" of a spread, in the metric's units. */
export function spreadText(metric: ErrorMetric, s: { mean: number; std: number; runs: number } | null): string {
  if (!s) return '–';
  return s.runs > 1 ? `${errorText(metric, s.mean)} ± ${errorText(metric, s.std)}` : errorText(metric, s.mean);
}
