// The extension's own log ("Backprop" in the Output view). Created lazily so that importing
// this file has no side effect; disposed with the extension.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

function get(): vscode.LogOutputChannel {
  return (channel ??= vscode.window.createOutputChannel('Backprop', { log: true }));
}

export const log = {
  info: (msg: string, ...args: unknown[]) => get().info(msg, ...args),
  warn: (msg: string, ...args: unknown[]) => get().warn(msg, ...args),
  error: (msg: string | Error, ...args: unknown[]) => get().error(msg, ...args),
  show: () => get().show(true),
  dispose: () => {
    channel?.dispose();
    channel = undefined;
  },
};
