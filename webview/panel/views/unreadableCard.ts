// "Unreadable result" (id="unreadable"): a stored file behind what the panel shows (a run's
// events, a cached study result) that does not fit its schema, or a result the panel could
// not draw. One card per problem with the file's name and what is wrong; the rest of the
// panel shows what could be read.
import type { Unreadable } from '../../../src/shared/protocol';
import { h } from '../../common/dom';

/** Run and study problems come from the host or from the panel's own checks; `draw`: a view threw. */
export type ProblemPart = 'run' | 'study' | 'draw';

const WHAT: Record<ProblemPart, string> = {
  run: 'The run is shown up to the first event that could not be read.',
  study: 'The studies are not shown; run Diagnose again to replace them.',
  draw: 'Part of the run could not be drawn; what was drawn is left as it was.',
};

export class UnreadableCard {
  readonly root = h('section', { id: 'unreadable', class: 'unreadable', 'aria-live': 'polite' });
  private readonly problems = new Map<ProblemPart, Unreadable>();
  private changed = true;

  set(part: ProblemPart, problem: Unreadable | null): void {
    const before = this.problems.get(part);
    if (problem) this.problems.set(part, problem);
    else this.problems.delete(part);
    if (before?.file !== problem?.file || before?.reason !== problem?.reason) this.changed = true;
  }

  has(part: ProblemPart): boolean {
    return this.problems.has(part);
  }

  render(): void {
    if (!this.changed) return;
    this.changed = false;
    this.root.hidden = this.problems.size === 0;
    this.root.replaceChildren(...[...this.problems].map(([part, p]) => h('div', { class: 'card unreadable-card', role: 'alert', 'data-part': part },
      h('h2', {}, 'Unreadable result'),
      h('p', { class: 'unreadable-file' }, h('code', {}, p.file)),
      // Text, never markup: the reason quotes the file.
      h('p', { class: 'unreadable-reason' }, p.reason.length > 500 ? `${p.reason.slice(0, 500)}…` : p.reason),
      h('p', { class: 'muted' }, WHAT[part]))));
  }
}
