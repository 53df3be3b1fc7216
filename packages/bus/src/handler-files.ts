import { closeSync, openSync, readSync } from 'node:fs';
import { basename, extname } from 'node:path';

/** Where handlers live, relative to the charm dir. */
export const HANDLER_ROOTS = ['reactive', 'hooks/reactive', 'hooks/relations'];

/**
 * What discovery makes of a file in a handler folder:
 * - `module`: a JavaScript module, imported;
 * - `typescript`: a TypeScript source, which `reactive build` compiles into a module;
 * - `external`: an executable run as an external handler;
 * - `ignored`: anything else, with a `warning` when it looks meant as a handler.
 */
export type HandlerFile = { kind: 'module' | 'typescript' | 'external' } | { kind: 'ignored'; warning?: string };

const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);
/** Endings that are plainly not code, executable or not: no warning. */
const NOT_CODE = ['.md', '.yaml', '.yml', '.txt', '.ini', '.json', '.map', '.d.ts', '.d.mts', '.d.cts', 'makefile', '.gitignore', 'copyright', 'license'];
/** A Python interface role: the build and every hook already say that its endpoint has no Endpoint. */
const PYTHON_ROLE = /(^|\/)relations\/[^/]+\/(requires|provides|peers)\.py$/;

/**
 * Sorts a file of a handler folder as charms.reactive 1.5.2 does
 * (shared/spec/layers.md C3.4), with modules in place of Python's `.py`: an
 * external handler is executable, named with no extension or `.sh`, and its
 * first 1024 bytes start with `#!` or are not UTF-8. `head` reads those bytes
 * (only when needed); `mode` is the file's.
 */
export function classifyHandlerFile(path: string, mode: number, head: () => Buffer = () => readHead(path)): HandlerFile {
  const lower = path.toLowerCase();
  const ext = extname(lower);
  if (MODULE_EXTENSIONS.has(ext)) return { kind: 'module' };
  if (/\.[cm]?ts$/.test(lower) && !/\.d\.[cm]?ts$/.test(lower)) return { kind: 'typescript' };
  if (ext === '.tsx' || ext === '.jsx') return ignored(`is ${ext}, which neither reactive build nor Node compiles: write it as .ts or .js`);
  if (ext === '.py')
    return PYTHON_ROLE.test(path)
      ? { kind: 'ignored' }
      : ignored('is a Python module, which only the Python library imports: port it to TypeScript or JavaScript');
  const executable = (mode & 0o111) !== 0;
  const pythonExt = pythonExtension(path);
  const runnableName = pythonExt === '' || pythonExt === '.sh';
  if (!executable)
    return runnableName && startsWithShebang(head()) ? ignored('has a #! line but is not executable: chmod +x it to make it a handler') : { kind: 'ignored' };
  if (runnableName) {
    const bytes = head();
    if (startsWithShebang(bytes) || !isUtf8(bytes)) return { kind: 'external' };
  }
  // What is not a handler: a warning, unless plainly not code.
  if (NOT_CODE.some((ending) => lower.endsWith(ending))) return { kind: 'ignored' };
  if (!runnableName) return ignored(`is executable, but charms.reactive runs only executables named with no extension or .sh (not ${pythonExt}): rename it`);
  return ignored('is executable but has no #! line, so charms.reactive does not run it: add one (#!/bin/bash, say)');
}

/** The extension as Python's `os.path.splitext` sees it: case kept, and the dots a name starts with do not start one (`..run` has none). */
function pythonExtension(path: string): string {
  const name = basename(path).replace(/^\.+/, '');
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot);
}

function ignored(warning: string): HandlerFile {
  return { kind: 'ignored', warning };
}

function startsWithShebang(bytes: Buffer): boolean {
  return bytes[0] === 0x23 && bytes[1] === 0x21;
}

/** As Python's `bytes.decode('utf-8')` of the first 1024 bytes: a character cut at the end counts as not UTF-8. */
function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The first 1024 bytes of a file: what classifyHandlerFile looks at. */
export function readHead(path: string): Buffer {
  const buffer = Buffer.alloc(1024);
  const fd = openSync(path, 'r');
  try {
    return buffer.subarray(0, readSync(fd, buffer, 0, 1024, 0));
  } finally {
    closeSync(fd);
  }
}
