// The one way the webviews build elements: from data, never innerHTML (names, messages and
// file paths come from files and are text, not markup).

export type Attrs = Record<string, string | number | boolean | undefined>;

/** `h('div', { class: 'card', 'aria-label': '…' }, child, 'text')`: `true` sets an empty attribute, `false` and `undefined` none. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: (Node | string)[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: (Node | string)[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  node.append(...children);
  return node;
}
