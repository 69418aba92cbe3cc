// Loading Dawn (the `webgpu` package's native module) without ever taking the process down:
// `loadDawn()` says {ok: false, reason} for a missing package, a platform with no binary, a
// binary that is absent, truncated or not a library, so that `auto` trains on the CPU instead.
//
// Why the checks before `import`: dlopen of a truncated ELF file maps segments past the end
// of the file and the process dies of SIGBUS on first touch (measured: a dawn.node cut to
// 4 KiB kills `backprop train` with "Bus error"); no try/catch can catch that. A missing file
// or one that is not a library only throws, with a multi-line message (the require stack).
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

export interface DawnModule { create: (options: string[]) => GPU; globals: object }
export type DawnLoad = { ok: true; dawn: DawnModule } | { ok: false; reason: string };

/** Where `webgpu`'s index.js loads its binary from (its own rule: `dist/<platform>-<arch>/`,
 *  darwin-universal on both Mac architectures). */
export function dawnBinaryPath(packageDir: string, platform = process.platform, arch = process.arch): string {
  return path.join(packageDir, 'dist', `${platform}-${platform === 'darwin' ? 'universal' : arch}`, 'dawn.node');
}

/** Why a 64-bit little-endian ELF file cannot be mapped whole (a truncated copy), or undefined. */
export function elfTruncation(file: string): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(64);
    const got = readSync(fd, head, 0, 64, 0);
    if (got < 4 || head.readUInt32BE(0) !== 0x7f454c46) return undefined; // not ELF: dlopen only throws
    if (got < 64 || head[4] !== 2 || head[5] !== 1) return got < 64 ? `${size} bytes, shorter than an ELF header` : undefined;
    const phoff = Number(head.readBigUInt64LE(0x20));
    const shoff = Number(head.readBigUInt64LE(0x28));
    const phentsize = head.readUInt16LE(0x36), phnum = head.readUInt16LE(0x38);
    const shentsize = head.readUInt16LE(0x3a), shnum = head.readUInt16LE(0x3c);
    if (phoff + phentsize * phnum > size) return `${size} bytes, cut inside its program headers`;
    if (shoff + shentsize * shnum > size) return `${size} bytes, cut before its section headers end (${shoff + shentsize * shnum})`;
    const ph = Buffer.alloc(phentsize * phnum);
    readSync(fd, ph, 0, ph.length, phoff);
    for (let i = 0; i < phnum; i++) {
      const at = i * phentsize;
      if (ph.readUInt32LE(at) !== 1) continue; // PT_LOAD: the segments dlopen maps
      const end = Number(ph.readBigUInt64LE(at + 8)) + Number(ph.readBigUInt64LE(at + 32));
      if (end > size) return `${size} bytes, cut inside a loadable segment (ends at ${end})`;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

const firstLine = (message: string) => message.split('\n')[0].trim();

/** Never throws, never crashes: the module, or one line saying why not. */
export async function loadDawn(): Promise<DawnLoad> {
  const why = (detail: string): DawnLoad => ({ ok: false, reason: `Dawn (the 'webgpu' package's native module) could not be loaded: ${detail}` });
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve('webgpu/package.json'));
  } catch {
    return why("the 'webgpu' package is not installed");
  }
  const binary = dawnBinaryPath(packageDir);
  if (!existsSync(binary)) return why(`no binary for ${path.basename(path.dirname(binary))} (${binary} is missing)`);
  try {
    const cut = elfTruncation(binary);
    if (cut) return why(`${binary} is damaged: ${cut}`);
    const dawn = (await import('webgpu')) as unknown as DawnModule;
    // GPUBufferUsage, GPUMapMode, ... are needed as globals by our code and by tfjs.
    for (const [k, v] of Object.entries(dawn.globals)) {
      if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
    }
    return { ok: true, dawn };
  } catch (e) {
    return why(firstLine((e as Error).message));
  }
}
