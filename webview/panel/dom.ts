// The panel's building blocks: a toolkit button, and the chart card every chart sits in (a
// heading, a PNG export button and a sized canvas box).
import { h, type Attrs } from '../common/dom';
import { post } from '../common/host';

export function button(text: string, onClick: () => void, attrs: Attrs = {}): HTMLElement {
  const b = h('vscode-button', { appearance: 'secondary', ...attrs }, text);
  b.addEventListener('click', onClick);
  return b;
}

export interface ChartCard {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  note: HTMLElement;
}

/** A titled card with a canvas; `exportName()` names the PNG when the user exports it. */
export function chartCard(id: string, title: string, aria: string, exportName: () => string, extra: Attrs = {}): ChartCard {
  const canvas = h('canvas', { id: `${id}-chart`, role: 'img', 'aria-label': aria });
  const heading = h('h3', { id: `${id}-title` }, title);
  const png = button('PNG', () => post({ type: 'export', format: 'png', suggestedName: exportName(), data: canvas.toDataURL('image/png') }),
    { class: 'png', title: `Save the ${title.toLowerCase()} chart as a PNG image`, 'aria-label': `Export ${title} as PNG` });
  const note = h('p', { class: 'note muted' });
  const root = h('section', { id, class: 'card chart-card', 'aria-labelledby': `${id}-title`, ...extra },
    h('div', { class: 'card-head' }, heading, png), note, h('div', { class: 'chart-box' }, canvas));
  return { root, canvas, note };
}
