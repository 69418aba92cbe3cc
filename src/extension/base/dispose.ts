// One base for everything that owns disposables: `_register` collects them and `dispose`
// releases them once, in reverse order, so nothing registered can leak.
import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private _disposed = false;
  private readonly _disposables: vscode.Disposable[] = [];

  protected get isDisposed(): boolean {
    return this._disposed;
  }

  /** Keep `d` until this object is disposed; disposed at once if that already happened. */
  protected _register<T extends vscode.Disposable>(d: T): T {
    if (this._disposed) d.dispose();
    else this._disposables.push(d);
    return d;
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    while (this._disposables.length) {
      try {
        this._disposables.pop()!.dispose();
      } catch (err) {
        console.error('backprop: dispose failed', err);
      }
    }
  }
}
