// Lexical path checks. The parser has no file system at hand (it also runs on unsaved
// editor text), so it only checks the spelling of a path; the data loader re-checks the
// resolved path against the real workspace folder.

/** True for '/x', '\\x', 'C:\x', 'C:/x', '~/x' and URLs: anything not relative to the network file. */
export function isAbsolutePath(p: string): boolean {
  return /^([\\/]|~|[A-Za-z]:|[A-Za-z][A-Za-z0-9+.-]+:\/\/)/.test(p);
}

/** Segments of a path with '.' and 'x/..' folded away; leading '..' segments stay. */
export function normalizeSegments(p: string): string[] {
  const out: string[] = [];
  for (const seg of p.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(seg);
  }
  return out;
}

/** How many folders above its starting folder a relative path climbs (0 when it stays inside). */
export function climbs(p: string): number {
  let depth = 0;
  let lowest = 0;
  for (const seg of p.split(/[\\/]+/)) {
    if (seg === '' || seg === '.') continue;
    depth += seg === '..' ? -1 : 1;
    lowest = Math.min(lowest, depth);
  }
  return -lowest;
}

export function dirnameOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i <= 0 ? (i === 0 ? file.slice(0, 1) : '.') : file.slice(0, i);
}

export function basenameOf(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** '.csv' for 'data/train.csv', '' when the last segment has no dot. */
export function extensionOf(p: string): string {
  const base = basenameOf(p);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** The network's default name: the file name without '.nn.yaml' (or .nn.yml / .nn.json). */
export function defaultNetworkName(file: string): string {
  const base = basenameOf(file);
  const stripped = base.replace(/\.nn\.(ya?ml|json)$/i, '').replace(/\.(ya?ml|json)$/i, '');
  return stripped.length > 0 ? stripped : base;
}

/**
 * Whether `rel`, resolved against the network file's folder, stays inside `root`.
 * Without a root the network file's own folder is the limit.
 */
export function staysInside(file: string, rel: string, root?: string): boolean {
  if (root === undefined) return climbs(rel) === 0;
  const fileDir = dirnameOf(file);
  const windows = /^[A-Za-z]:/.test(root) || root.includes('\\');
  const fold = (s: string): string => (windows ? s.toLowerCase() : s);
  const rootSegs = normalizeSegments(root).map(fold);
  const target = normalizeSegments(`${fileDir}/${rel}`).map(fold);
  if (target.length < rootSegs.length) return false;
  return rootSegs.every((seg, i) => target[i] === seg);
}
