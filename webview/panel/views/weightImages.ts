// The first dense layer's incoming weights drawn as images (image inputs only, e.g. MNIST):
// one small canvas per unit, a diverging map (negative blue, zero background-grey, positive
// red), each unit scaled to its own largest |w| so that faint units still show a pattern.
import type { PanelMessage } from '../../../src/shared/protocol';
import { h } from '../../common/dom';
import { num } from '../format';

type WeightsMessage = Extract<PanelMessage, { type: 'weights' }>;

/** Diverging colour for t in [-1, 1]: blue ← neutral grey → red. */
export function diverging(t: number): [number, number, number] {
  const c = Math.max(-1, Math.min(1, t));
  const mid = 128;
  if (c >= 0) return [Math.round(mid + (214 - mid) * c), Math.round(mid - (mid - 39) * c), Math.round(mid - (mid - 40) * c)];
  const a = -c;
  return [Math.round(mid - (mid - 31) * a), Math.round(mid - (mid - 119) * a), Math.round(mid + (180 - mid) * a)];
}

export class WeightImages {
  readonly root = h('section', { id: 'first-layer', class: 'section', 'aria-labelledby': 'first-layer-title' });

  constructor() {
    this.root.hidden = true;
  }

  clear(): void {
    this.root.hidden = true;
    this.root.replaceChildren();
  }

  render(m: WeightsMessage): void {
    const [height, width] = m.inputShape.length >= 2 ? [m.inputShape[0]!, m.inputShape[1]!] : [1, m.inputShape[0] ?? 0];
    const tiles = m.units.slice(0, 32).map((w, u) => {
      const canvas = h('canvas', { width, height, class: 'weight-image', role: 'img' });
      const max = w.reduce((a, v) => Math.max(a, Math.abs(v)), 0) || 1;
      const ctx = canvas.getContext('2d');
      if (ctx) {
        const img = ctx.createImageData(width, height);
        for (let i = 0; i < width * height; i++) {
          const [r, g, b] = diverging((w[i] ?? 0) / max);
          img.data.set([r, g, b, 255], i * 4);
        }
        ctx.putImageData(img, 0, 0);
      }
      canvas.setAttribute('aria-label', `Unit ${u + 1}: incoming weights as a ${width}×${height} image, largest |w| ${num(max)}`);
      return h('figure', { class: 'weight-tile' }, canvas, h('figcaption', { class: 'muted' }, String(u + 1)));
    });
    this.root.replaceChildren(
      h('h2', { id: 'first-layer-title' }, 'First layer weights'),
      h('p', { class: 'note muted' }, `What each of the first ${tiles.length} units of layer 1 responds to: red pixels raise its input, blue lower it (each unit scaled to its own largest |w|).`),
      h('div', { class: 'weight-grid' }, ...tiles));
    this.root.hidden = false;
  }
}
