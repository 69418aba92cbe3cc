// Saving what a webview exports (a chart as PNG, the run as CSV or JSON): the host asks
// where, next to the network file by default, and writes the file.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { log } from '../base/log';

const FILTERS: Record<'csv' | 'json' | 'png', Record<string, string[]>> = {
  csv: { 'CSV': ['csv'] },
  json: { 'JSON': ['json'] },
  png: { 'PNG image': ['png'] },
};

/** `data` is text for csv/json and a `data:image/png;base64,…` URL for png. */
export function exportBytes(format: 'csv' | 'json' | 'png', data: string): Uint8Array | undefined {
  if (format !== 'png') return Buffer.from(data, 'utf8');
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(data);
  return m ? Buffer.from(m[1]!, 'base64') : undefined;
}

export async function saveExport(file: vscode.Uri, format: 'csv' | 'json' | 'png', suggestedName: string, data: string): Promise<vscode.Uri | undefined> {
  const bytes = exportBytes(format, data);
  if (!bytes) {
    log.warn(`export: not a PNG data URL (${data.slice(0, 40)}…)`);
    void vscode.window.showErrorMessage('Backprop: the chart could not be exported (no image data).');
    return undefined;
  }
  const safeName = path.basename(suggestedName).replace(/[^\w.() -]+/g, '_') || `export.${format}`;
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(file, '..', safeName), filters: FILTERS[format], title: 'Export',
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`Backprop: saved ${vscode.workspace.asRelativePath(target)}`);
  return target;
}
