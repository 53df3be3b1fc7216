import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Module } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { Script } from 'node:vm';

/**
 * `require(specifier)` with V8's code cache for the CommonJS files it loads
 * (the bundles' loader does the same for the framework's own code; this is
 * for a dependency loaded later, LMDB's four packages). Without it every hook
 * parses and compiles the same 200 kB again: about a third of LMDB's load.
 *
 * The cache is one file, `cacheFile`: a header (Node version, architecture,
 * how many processes wrote it), an index of the files it holds by path
 * (relative to the cache's folder), size and mtime, and their cached data. A
 * file whose size or mtime differs, or whose data V8 refuses, is compiled
 * afresh, and the cache is rewritten at exit. The first three processes write
 * it, so it holds the functions hooks go on to use. Under
 * `--enable-source-maps`, or when the folder cannot be written, this is a
 * plain `require`.
 */
export function requireWithCodeCache(require: NodeJS.Require, specifier: string, cacheFile: string): unknown {
  if (process.sourceMapsEnabled) return require(specifier);
  const path = withFlags(cacheFile);
  const cache = readCache(path);
  const compiled: Compiled[] = [];
  const moduleClass = Module as unknown as ModuleClass;
  const nodeCompile = moduleClass.prototype._compile;
  moduleClass.prototype._compile = function (this: NodeModule, content: string, filename: string) {
    const entry = { key: relative(dirname(path), filename), ...fileStamp(filename) };
    const cached = cache?.entries.get(entry.key);
    const fresh = cached?.size === entry.size && cached.mtime === entry.mtime;
    const script = new Script(moduleClass.wrap(content), { filename, cachedData: fresh ? cached.data : undefined });
    compiled.push({ ...entry, script, hit: fresh && !script.cachedDataRejected });
    return run(this, script, filename, moduleClass);
  };
  let exports: unknown;
  try {
    exports = require(specifier);
  } finally {
    moduleClass.prototype._compile = nodeCompile;
  }
  const stale = compiled.some(({ hit }) => !hit) || compiled.length !== cache?.entries.size;
  if (stale || (cache?.writes ?? 0) < WRITES) {
    process.once('exit', () => writeCache(path, compiled, stale ? 1 : (cache?.writes ?? 0) + 1));
  }
  return exports;
}

const WRITES = 3;
const HEADER = `reactive-cjs-code-cache ${process.version} ${process.arch} `;

interface ModuleClass {
  wrap(content: string): string;
  _resolveFilename(request: string, parent: NodeModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: NodeModule): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeModule>;
  prototype: { _compile(this: NodeModule, content: string, filename: string): unknown };
}

interface Stamp {
  readonly key: string;
  readonly size: number;
  readonly mtime: number;
}

interface Compiled extends Stamp {
  readonly script: Script;
  readonly hit: boolean;
}

interface Cache {
  readonly writes: number;
  readonly entries: Map<string, Stamp & { readonly data: Buffer }>;
}

/** Runs a compiled module as Node's own loader would: `this` its exports, with its own `require`. */
function run(module: NodeModule, script: Script, filename: string, moduleClass: ModuleClass): unknown {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolveFilename = (request: string, options?: { paths?: string[] }) => moduleClass._resolveFilename(request, module, false, options);
  require.resolve = Object.assign(resolveFilename, { paths: (request: string) => moduleClass._resolveLookupPaths(request, module) });
  require.main = process.mainModule;
  require.extensions = moduleClass._extensions;
  require.cache = moduleClass._cache;
  const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
  return wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename));
}

function fileStamp(filename: string): { size: number; mtime: number } {
  const { size, mtimeMs } = statSync(filename);
  return { size, mtime: mtimeMs };
}

/**
 * The cache file for this process's Node options: V8 refuses data compiled
 * under other flags, so processes started with different options keep apart
 * rather than rewrite one file by turns.
 */
function withFlags(cacheFile: string): string {
  const flags = [...process.execArgv.filter((arg) => arg.startsWith('--') && !/^--(eval|print)\b/.test(arg)), process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  return flags ? cacheFile.replace(/\.v8cache$/, `.${fnv(flags)}.v8cache`) : cacheFile;
}

// FNV-1a: node:crypto would cost more to load than the cache saves.
function fnv(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The cache at `path`, or undefined if it is missing, damaged or from another Node. */
function readCache(path: string): Cache | undefined {
  try {
    const file = readFileSync(path);
    const headerEnd = file.indexOf(10);
    const indexEnd = file.indexOf(10, headerEnd + 1);
    const header = file.subarray(0, headerEnd).toString();
    if (!header.startsWith(HEADER) || indexEnd < 0) return undefined;
    const writes = Number(header.slice(HEADER.length));
    const index = JSON.parse(file.subarray(headerEnd + 1, indexEnd).toString()) as [string, number, number, number][];
    const entries = new Map<string, Stamp & { data: Buffer }>();
    let offset = indexEnd + 1;
    for (const [key, size, mtime, length] of index) {
      if (offset + length > file.length) return undefined;
      entries.set(key, { key, size, mtime, data: file.subarray(offset, (offset += length)) });
    }
    return Number.isInteger(writes) && writes >= 1 ? { writes, entries } : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(path: string, compiled: Compiled[], writes: number): void {
  const temporary = `${path}.${process.pid}`;
  try {
    const data = compiled.map(({ script }) => script.createCachedData());
    const index = compiled.map(({ key, size, mtime }, i) => [key, size, mtime, data[i]!.length]);
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${HEADER}${writes}\n${JSON.stringify(index)}\n`), ...data]));
    renameSync(temporary, resolve(path));
  } catch {
    // A folder that cannot be written (a read-only charm): no cache, the same code.
    rmSync(temporary, { force: true });
  }
}
