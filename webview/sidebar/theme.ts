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

export function chartColors(): ChartColors {
  return {
    train: cssVar('--vscode-charts-blue', '#3794ff'),
    validation: cssVar('--vscode-charts-orange', '#d18616'),
    text: cssVar('--vscode-descriptionForeground', '#888'),
    grid: cssVar('--vscode-editorWidget-border', cssVar('--vscode-widget-border', 'rgba(128,128,128,0.25)')),
  };
}

export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
