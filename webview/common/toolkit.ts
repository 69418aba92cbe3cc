// The webview UI toolkit's components this extension uses, registered once. Only these
// are bundled (the package is side-effect free, so esbuild drops the rest).
import { endProbe } from './cspProbe'; // first: it must be in place while the toolkit loads
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox } from '@vscode/webview-ui-toolkit';

endProbe();

let registered = false;

export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox());
}

/** The properties of toolkit controls the panel reads (they are custom elements). */
export interface CheckedElement extends HTMLElement {
  checked: boolean;
}
export interface DisableableElement extends HTMLElement {
  disabled: boolean;
}
