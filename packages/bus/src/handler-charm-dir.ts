import { relative } from 'node:path';
import { charmDir } from '@reactive/hookenv';

/** The charm dir that discover() scanned, until Handler.clear(). */
let discoveredDir: string | undefined;
/** Charm-relative paths of handler files (thousands of handlers share a few files). */
const relativePaths = new Map<string, string>();

/** Makes `dir` the charm dir of the handlers discover() registers: their ids are relative to it. */
export function setHandlerCharmDir(dir: string): void {
  discoveredDir = dir;
  relativePaths.clear();
}

/** Back to the hook's charm dir (Handler.clear()). */
export function forgetHandlerCharmDir(): void {
  discoveredDir = undefined;
  relativePaths.clear();
}

/** The charm dir of the registered handlers: the one discover() scanned, else the hook's. */
export function handlerCharmDir(): string {
  return discoveredDir ?? charmDir();
}

/** `file` relative to handlerCharmDir(), as handler ids name it. */
export function relativeToCharm(file: string): string {
  let path = relativePaths.get(file);
  if (path === undefined) relativePaths.set(file, (path = relative(handlerCharmDir(), file)));
  return path;
}

/** Forgets the charm-relative paths of handler files (the hook's charm dir may differ in the next hook). */
export function forgetRelativePaths(): void {
  relativePaths.clear();
}
