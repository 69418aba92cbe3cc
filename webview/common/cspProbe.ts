// The toolkit's base library (FAST) tests for :focus-visible support once, while it loads,
// by appending an empty <style> to document.head. Under the strict CSP (no inline styles)
// the browser blocks that element and reports a violation in the console. While the toolkit
// loads, document.head is a detached <head> instead: a style element that never joins the
// document is never checked (nor applied), the probe says "no" and the toolkit falls back to
// :focus, exactly as it does when the CSP blocks it. `endProbe()` restores document.head.
const detached = document.createElement('head');
Object.defineProperty(document, 'head', { configurable: true, get: () => detached });

export function endProbe(): void {
  // Deleting the own property uncovers Document.prototype's getter again.
  delete (document as { head?: HTMLHeadElement }).head;
}
