import { openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { charmDir } from '@reactive/hookenv';
import { ExternalHandler } from './external-handler.js';

/** Where handlers live, relative to the charm dir. */
export const HANDLER_ROOTS = ['reactive', 'hooks/reactive', 'hooks/relations'];
const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);
const SKIPPED_DIRS = new Set(['node_modules', '__pycache__']);

/** A handler module that could not be loaded: names the file. */
export class DiscoveryError extends Error {
  constructor(file: string, cause: unknown) {
    const why = cause instanceof Error ? `cannot load handler module: ${cause.message}` : `cannot be a handler: ${String(cause)}`;
    super(`${file}: ${why}`, { cause });
    this.name = 'DiscoveryError';
  }
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
 * registration order is stable), and registers executables with a shebang (or
 * binaries) named without an extension or with `.sh` as external handlers.
 * With `reload`, modules are imported afresh (the harness runs many hooks in
 * one process).
 */
export async function discover(dir = charmDir(), opts: { reload?: boolean } = {}): Promise<void> {
  const query = opts.reload ? `?load=${++loads}` : '';
  if (opts.reload) modules.clear();
  for (const root of HANDLER_ROOTS) {
    for (const file of walk(join(dir, root))) {
      if (MODULE_EXTENSIONS.has(extname(file))) {
        try {
          modules.set(file, await import(pathToFileURL(file).href + query));
        } catch (error) {
          throw new DiscoveryError(relative(dir, file), error);
        }
      } else if (isExternalHandler(relative(dir, file), file)) {
        ExternalHandler.register(file);
      }
    }
  }
}

function walk(dir: string): string[] {
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
      if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.') ? [] : walk(path);
      return entry.isFile() ? [path] : [];
    });
}

function isExternalHandler(name: string, file: string): boolean {
  const ext = extname(file);
  if (ext !== '' && ext !== '.sh') return false;
  const head = readHead(file, 1024);
  const shebang = head.subarray(0, 2).toString('latin1') === '#!';
  if ((statSync(file).mode & 0o111) === 0) {
    if (shebang) throw new DiscoveryError(name, 'it starts with #! but is not executable (chmod +x it, or move it out of the handler folders)');
    return false;
  }
  if (shebang) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head);
    return false;
  } catch {
    return true;
  }
}

function readHead(file: string, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  const fd = openSync(file, 'r');
  try {
    return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}
