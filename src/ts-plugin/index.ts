// A TypeScript server plugin (contributes.typescriptServerPlugins): in the editor, a code
// network's `import … from 'backprop/engine'` resolves to the engine's declarations shipped
// with the extension (dist/types), so completion, hover and type errors work in any
// workspace without installing anything. Only imports TypeScript cannot resolve itself are
// redirected: a workspace with its own `backprop` package keeps it.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The few TypeScript server types used here (the plugin gets TypeScript itself from the server). */
interface ResolvedModule { resolvedFileName: string; extension: string; isExternalLibraryImport?: boolean }
interface Resolution { resolvedModule: ResolvedModule | undefined }
interface ModuleLiteral { text: string }
interface Host {
  resolveModuleNameLiterals?: (literals: readonly ModuleLiteral[], containingFile: string, ...rest: unknown[]) => readonly Resolution[];
}
interface CreateInfo { languageServiceHost: Host; languageService: unknown; project: { projectService: { logger: { info(s: string): void } } } }
interface Ts { resolveModuleName(name: string, file: string, options: unknown, host: unknown): Resolution; sys: unknown }

const ENGINE_IMPORT = /^backprop(\/engine)?$/;

/** dist/types/engine/index.d.ts beside this plugin's bundle (dist/ts-plugin.js). */
function declarations(): string | null {
  const file = path.join(__dirname, 'types', 'engine', 'index.d.ts');
  return fs.existsSync(file) ? file : null;
}

function init(modules: { typescript: Ts }) {
  const ts = modules.typescript;
  return {
    create(info: CreateInfo) {
      const types = declarations();
      info.project.projectService.logger.info(`backprop: engine declarations ${types ?? 'not found'}`);
      if (!types) return info.languageService;
      const host = info.languageServiceHost;
      const original = host.resolveModuleNameLiterals?.bind(host);
      host.resolveModuleNameLiterals = (literals, containingFile, ...rest) => {
        const options = rest[1];
        const resolved = original
          ? original(literals, containingFile, ...rest)
          : literals.map((l) => ts.resolveModuleName(l.text, containingFile, options, ts.sys));
        return resolved.map((r, i) => (ENGINE_IMPORT.test(literals[i].text) && !r.resolvedModule
          ? { resolvedModule: { resolvedFileName: types, extension: '.d.ts', isExternalLibraryImport: true } }
          : r));
      };
      return info.languageService;
    },
  };
}

// tsserver requires the module itself to be the factory (CommonJS `module.exports = init`).
module.exports = init;
