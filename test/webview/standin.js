// A stand-in for the workbench: there is no VS Code in this harness, so this provides
// acquireVsCodeApi (recording what the panel posts), applies the theme named in the URL
// (?theme=light|dark|hc|hc-light) the way VS Code does (a class on body), and records CSP violations.
(() => {
  const theme = new URLSearchParams(location.search).get('theme') || 'dark';
  const kind = { light: 'vscode-light', dark: 'vscode-dark', hc: 'vscode-high-contrast', 'hc-light': 'vscode-high-contrast-light' }[theme];
  document.body.className = kind;
  document.body.setAttribute('data-vscode-theme-kind', kind);
  window.__posted = [];
  window.__violations = [];
  window.__violationSources = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.violatedDirective}: ${e.blockedURI}`);
    window.__violationSources.push(`${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`);
  });
  let state;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => state,
    setState: (s) => { state = s; },
  });
})();
