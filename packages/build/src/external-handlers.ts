import { classifyHandlerFile, HANDLER_ROOTS, readHead, type HandlerFile } from '@reactive/bus';
import type { OutFile, Tree } from './compose.js';

/**
 * The external handlers of a built charm: executable files in the handler
 * folders that discovery runs as handlers. A charm with any needs the
 * `charms.reactive` CLI (the bash helper and the commands its handlers call)
 * on the unit.
 */
export function externalHandlers(tree: Tree): string[] {
  return handlerFiles(tree)
    .filter(([, kind]) => kind.kind === 'external')
    .map(([path]) => path);
}

/**
 * One line for each file of the handler folders that discovery will leave
 * alone though it looks meant as a handler (an executable without `#!`, a
 * script that is not executable, a Python module...), naming the layer's file.
 */
export function handlerFileWarnings(tree: Tree): string[] {
  return handlerFiles(tree).flatMap(([path, kind, file]) => (kind.kind === 'ignored' && kind.warning ? [`${file.source ?? path} ${kind.warning}`] : []));
}

function handlerFiles(tree: Tree): [string, HandlerFile, OutFile][] {
  return [...tree]
    .filter(([path]) => HANDLER_ROOTS.some((root) => path.startsWith(`${root}/`)) && !path.split('/').includes('node_modules'))
    .map(([path, file]): [string, HandlerFile, OutFile] => [path, classifyHandlerFile(path, file.mode, () => head(file)), file])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function head(file: OutFile): Buffer {
  return file.source ? readHead(file.source) : Buffer.from(file.content ?? '').subarray(0, 1024);
}
