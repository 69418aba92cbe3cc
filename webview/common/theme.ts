// Colours from the workbench theme (the CSS variables VS Code sets on the page), re-read
// when the theme changes: VS Code swaps the body's vscode-light / vscode-dark /
// vscode-high-contrast class, so a MutationObserver on that class is the signal.
export interface Palette {
  text: string;
  muted: string;
  grid: string;
  background: string;
  train: string;
  validation: string;
  good: string;
  bad: string;
  warn: string;
  /** One colour per layer, cycled. */
  series: string[];
  font: string;
  fontSize: number;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** Themes give some chart colours translucent (#rrggbbaa, rgba): lines need them solid. */
export function opaque(color: string): string {
  const rgba = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*[\d.]+\s*\)$/.exec(color);
  if (rgba) return `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})`;
  return /^#[0-9a-f]{8}$/i.test(color) ? color.slice(0, 7) : color;
}

/** The colour at `alpha` opacity, for faint raw lines and bands. */
export function fade(color: string, alpha: number): string {
  let m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(color);
  if (m) {
    const v = parseInt(m[1]!, 16);
    return `rgba(${v >> 16}, ${(v >> 8) & 255}, ${v & 255}, ${alpha})`;
  }
  m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
  if (m) return `rgba(${parseInt(m[1]! + m[1], 16)}, ${parseInt(m[2]! + m[2], 16)}, ${parseInt(m[3]! + m[3], 16)}, ${alpha})`;
  const rgb = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)/.exec(color);
  if (rgb) return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${alpha})`;
  return color;
}

export function palette(): Palette {
  const s = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => opaque(cssVar(s, name, fallback));
  const blue = v('--vscode-charts-blue', '#3794ff');
  const orange = v('--vscode-charts-orange', '#d18616');
  const green = v('--vscode-charts-green', '#89d185');
  const purple = v('--vscode-charts-purple', '#b180d7');
  const red = v('--vscode-charts-red', '#f14c4c');
  const yellow = v('--vscode-charts-yellow', '#cca700');
  const text = v('--vscode-editor-foreground', v('--vscode-foreground', '#cccccc'));
  // High-contrast borders are loud: grid lines take them faded.
  const contrast = /high-contrast/.test(document.body.className);
  const border = cssVar(s, '--vscode-panel-border', cssVar(s, '--vscode-editorWidget-border', 'rgba(128, 128, 128, 0.35)'));
  return {
    text,
    muted: v('--vscode-descriptionForeground', text),
    grid: contrast ? fade(opaque(border), 0.45) : border,
    background: v('--vscode-editor-background', '#1e1e1e'),
    train: blue,
    validation: orange,
    good: green,
    bad: red,
    warn: yellow,
    series: [blue, orange, green, purple, red, yellow, text],
    font: cssVar(s, '--vscode-font-family', 'system-ui, sans-serif'),
    fontSize: parseFloat(cssVar(s, '--vscode-font-size', '13')) || 13,
  };
}

/** The side view's small loss chart: the panel's line colours, quieter text and grid. */
export function sideChartColors(): Pick<Palette, 'train' | 'validation' | 'text' | 'grid'> {
  const s = getComputedStyle(document.body);
  const { train, validation } = palette();
  return {
    train, validation,
    text: cssVar(s, '--vscode-descriptionForeground', '#888'),
    grid: cssVar(s, '--vscode-editorWidget-border', cssVar(s, '--vscode-widget-border', 'rgba(128,128,128,0.25)')),
  };
}

export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
