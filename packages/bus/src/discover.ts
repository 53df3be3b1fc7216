import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { charmDir } from '@reactive/hookenv';
import { sourcePlace } from './compiled-source.js';
import { ExternalHandler } from './external-handler.js';
import { classifyHandlerFile, HANDLER_ROOTS } from './handler-files.js';
import { followHandlerLink } from './handler-links.js';
import { setHandlerCharmDir } from './handler-charm-dir.js';
import { hookLog } from './hook-log.js';
import { registerInterfaceHandlers } from './interface-handlers.js';
import { checkCharmMetadata, relationNames } from './metadata.js';
import { warnOfModulesWithoutFactory } from './relation-factory-warning.js';

const MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs'];
const SKIPPED_DIRS = new Set(['node_modules', '__pycache__']);

/** A handler module that could not be loaded: names the file (and the line, for a syntax error). */
export class DiscoveryError extends Error {
  constructor(file: string, cause: unknown) {
    const why =
      cause instanceof Error
        ? `cannot load handler module: ${cause instanceof SyntaxError ? 'SyntaxError: ' : ''}${cause.message}`
        : `cannot be a handler: ${String(cause)}`;
    super(`${file}: ${why}`, { cause });
    this.name = 'DiscoveryError';
  }
}

/**
 * The module's charm-relative path, in the source it was compiled from, with
 * the line of its syntax error: an import() error does not say where, so
 * Node's own syntax check is asked (only on this failure path).
 */
function whereIn(dir: string, file: string, error: unknown): string {
  const line = error instanceof SyntaxError ? syntaxErrorLine(file) : undefined;
  if (!line) return relative(dir, sourcePlace(file, { line: 1, column: 0 }).file);
  const place = sourcePlace(file, { line, column: 0 });
  return `${relative(dir, place.file)}:${place.line}`;
}

function syntaxErrorLine(file: string): number | undefined {
  const inputType = extname(file) === '.cjs' ? 'commonjs' : 'module';
  const check = spawnSync(process.execPath, [`--input-type=${inputType}`, '--check'], { input: readFileSync(file), encoding: 'utf8', timeout: 10_000 });
  const line = /^\[stdin\]:(\d+)$/m.exec(check.stderr ?? '')?.[1];
  return line === undefined ? undefined : Number(line);
}

let loads = 0;
const modules = new Map<string, Record<string, unknown>>();

/** The namespace of a handler module that discover() imported (by absolute path). */
export function loadedModule(file: string): Record<string, unknown> | undefined {
  return modules.get(file);
}

/**
 * Loads every handler: imports the `.js`/`.mjs`/`.cjs` modules under
 * `reactive/`, `hooks/reactive/` and `hooks/relations/` (in sorted order, so
 * registration order is stable), and registers as external handlers the
 * files charms.reactive 1.5.2 runs (handler-files.ts: executable, no
 * extension or `.sh`, `#!` or binary); TypeScript there means the charm was
 * not built, which fails the hook. Then registers the handlers of interface layers' role files, per endpoint
 * (interface-handlers.ts).
 * With `reload`, modules are imported afresh (the harness runs many hooks in
 * one process).
 */
export async function discover(dir = charmDir(), opts: { reload?: boolean } = {}): Promise<void> {
  const query = opts.reload ? `?load=${++loads}` : '';
  const pythonRoles: string[] = [];
  checkCharmMetadata(dir);
  if (opts.reload) modules.clear();
  setHandlerCharmDir(dir);
  for (const root of HANDLER_ROOTS) {
    for (const { file, target } of walk(dir, join(dir, root))) {
      const kind = MODULE_EXTENSIONS.includes(extname(file)) ? 'module' : classifyHandlerFile(file, statSync(file).mode).kind;
      if (kind === 'module') {
        try {
          const module = (await import(pathToFileURL(file).href + query)) as Record<string, unknown>;
          modules.set(file, module);
          // Node imports a link as its target: the module's handlers name that file.
          modules.set(target, module);
        } catch (error) {
          throw new DiscoveryError(whereIn(dir, file, error), error);
        }
      } else if (kind === 'typescript') {
        throw new DiscoveryError(relative(dir, file), 'TypeScript runs once `reactive build` has compiled it, and this charm was not built');
      } else if (kind === 'external') {
        ExternalHandler.register(file);
      } else if (PYTHON_ROLE.test(file)) {
        pythonRoles.push(file);
      }
    }
  }
  registerInterfaceHandlers(modules, dir);
  reportPythonRoles(dir, pythonRoles);
  warnOfModulesWithoutFactory(dir, modules);
}

/** A role file of an interface layer written for the Python library. */
const PYTHON_ROLE = /[\\/]relations[\\/][^\\/]+[\\/](requires|provides|peers)\.py$/;

/**
 * Says which endpoints have only a Python implementation (a layer not yet
 * ported): a WARNING per endpoint, in every hook, so that none is left silently
 * without its Endpoint.
 */
function reportPythonRoles(dir: string, files: string[]): void {
  for (const file of files) {
    const role = basename(file, '.py');
    const iface = basename(dirname(file));
    if (MODULE_EXTENSIONS.some((ext) => modules.has(join(dirname(file), role + ext)))) continue;
    for (const name of relationNames(role, iface, dir)) {
      hookLog.add('WARNING', `${relative(dir, file)} is for the Python library: endpoint ${name} has no JavaScript implementation (port it to ${role}.js)`);
    }
  }
}

/**
 * The files under `dir` in sorted order, skipping node_modules and dot-folders;
 * a link to a file inside the charm `charm` is one, with the file it leads to.
 */
function walk(charm: string, dir: string): Array<{ file: string; target: string }> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.') ? [] : walk(charm, path);
      if (entry.isSymbolicLink()) return linkedFile(charm, path);
      return entry.isFile() ? [{ file: path, target: path }] : [];
    });
}

function linkedFile(charm: string, path: string): Array<{ file: string; target: string }> {
  const link = followHandlerLink(charm, path);
  if (link.kind === 'refused') throw new DiscoveryError(relative(charm, path), link.reason);
  if (link.kind === 'folder') {
    hookLog.add('WARNING', `${relative(charm, path)} links to a folder, which discovery does not walk (as charms.reactive): link its files instead`);
    return [];
  }
  return [{ file: path, target: link.target }];
}
