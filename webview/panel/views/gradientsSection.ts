// Gradient inspection: gradient norm per layer (log), update/weight ratio with the ~1e-3
// rule of thumb, weight norm and max |w|, dead-unit fraction of ReLU layers, the worst
// layer named in words.
import { fade, type Palette } from '../../common/theme';
import { LayerChart } from '../charts/layerChart';
import { h } from '../../common/dom';
import { chartCard } from '../dom';
import { slug } from '../format';
import { worstLayer } from '../gradientModel';
import type { RunState } from '../runState';

export class GradientsSection {
  readonly root: HTMLElement;
  private readonly worst = h('p', { id: 'worst-layer', class: 'callout' });
  private readonly grad: LayerChart;
  private readonly ratio: LayerChart;
  private readonly weights: LayerChart;
  private readonly dead: LayerChart;
  private readonly deadCard: HTMLElement;
  private readonly weightCard: HTMLElement;
  private shown = -1;

  constructor(state: RunState, p: Palette) {
    const name = (what: string) => () => `${slug(state.start?.name ?? 'run')}-${what}.png`;
    const gradCard = chartCard('grad-norm', 'Gradient norm per layer', 'Gradient norm per layer and epoch, log scale', name('gradient-norm'));
    const ratioCard = chartCard('update-ratio', 'Update / weight ratio', 'Update to weight ratio per layer and epoch, log scale, with the 1e-3 rule of thumb', name('update-ratio'));
    const weightCard = chartCard('weight-norm', 'Weight norm and max |w|', 'Weight norm (solid) and largest absolute weight (dashed) per layer and epoch', name('weights'));
    const deadCard = chartCard('dead-units', 'Dead ReLU units', 'Fraction of units that output zero for every sample, per ReLU layer', name('dead-units'));
    this.deadCard = deadCard.root;
    gradCard.note.textContent = 'Of the epoch\'s last minibatch. Vanishing: a hidden layer below 1e-3× the output layer\'s.';
    ratioCard.note.textContent = '‖Δw‖ / ‖w‖ of the last step. Around 1e-3 is healthy; far below learns slowly, near 1 is unstable.';
    weightCard.note.textContent = 'Solid: ‖w‖ (weights and bias). Dashed: max |w|.';
    deadCard.note.textContent = 'Units that output 0 for every one of up to 512 training samples. Flagged at 50%.';
    this.grad = new LayerChart(gradCard.canvas, { yTitle: 'gradient norm', log: true, trainedOnly: true, value: (s) => s.grad_norm }, p);
    this.ratio = new LayerChart(ratioCard.canvas, {
      yTitle: 'update / weight', log: true, trainedOnly: true, suggested: [1e-4, 1e-2], value: (s) => s.update_ratio,
      band: (c) => ({ from: 1e-4, to: 1e-2, line: 1e-3, label: '≈1e-3 rule of thumb', color: fade(c.good, 0.1), lineColor: c.good }),
    }, p);
    this.weights = new LayerChart(weightCard.canvas, {
      yTitle: 'weights', log: true, value: (s) => s.weight_norm, second: { label: 'max |w|', value: (s) => s.weight_max_abs },
    }, p);
    this.dead = new LayerChart(deadCard.canvas, {
      yTitle: 'dead units', percent: true, min: 0, max: 1, value: (s) => s.dead_fraction, onlyPresent: true,
      band: (c) => ({ from: 0.5, to: 1, line: 0.5, label: 'flagged at 50%', color: fade(c.bad, 0.08), lineColor: c.bad }),
    }, p);
    this.root = h('section', { id: 'gradients', class: 'section', 'aria-labelledby': 'gradients-title' },
      h('h2', { id: 'gradients-title' }, 'Gradients and weights'), this.worst,
      h('div', { class: 'grid grid-two' }, gradCard.root, ratioCard.root, weightCard.root, deadCard.root));
    this.weightCard = weightCard.root;
  }

  render(state: RunState, p: Palette, force = false): void {
    if (state.version === this.shown && !force) return;
    this.shown = state.version;
    const worst = worstLayer(state);
    this.worst.textContent = worst?.text ?? 'Gradients per layer appear after the first epoch.';
    this.worst.className = `callout${worst?.flagged ? ' flagged' : ''}`;
    this.grad.render(state, p, worst?.index);
    this.ratio.render(state, p, worst?.index);
    this.weights.render(state, p, worst?.index);
    const hasDead = this.dead.layersShown(state).length > 0;
    this.deadCard.hidden = !hasDead;
    // Without ReLU layers three cards remain: the last takes the whole row.
    this.weightCard.classList.toggle('span-all', !hasDead);
    if (hasDead) this.dead.render(state, p);
  }
}
