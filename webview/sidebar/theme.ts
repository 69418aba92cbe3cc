// Chart colours from the workbench theme (CSS variables VS Code sets on the page), re-read
// when the theme changes (VS Code switches the body's vscode-light/dark/high-contrast class).
export interface ChartColors {
  train: string;
  validation: string;
  text: string;
  grid: string;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Themes give some chart colours as translucent fills (charts.orange is 33% alpha): lines need them solid. */
export function opaque(color: string): string {
  const rgba = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*[\d.]+\s*\)$/.exec(color);
  if (rgba) return `rgb(${rgba[1]}, ${rgba[2]}, ${rgba[3]})`;
  return /^#[0-9a-f]{8}$/i.test(color) ? color.slice(0, 7) : color;
}

export function chartColors(): ChartColors {
  return {
    train: opaque(cssVar('--vscode-charts-blue', '#3794ff')),
    validation: opaque(cssVar('--vscode-charts-orange', '#d18616')),
    text: cssVar('--vscode-descriptionForeground', '#888'),
    grid: cssVar('--vscode-editorWidget-border', cssVar('--vscode-widget-border', 'rgba(128,128,128,0.25)')),
  };
}

export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
