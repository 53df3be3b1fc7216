import { HANDLER_ROOTS, mayBeExternalHandler } from '@reactive/bus';
import type { Tree } from './compose.js';

/**
 * The external handlers of a built charm: executable files in the handler
 * folders that discovery runs as handlers. A charm with any needs the
 * `charms.reactive` CLI (the bash helper and the commands its handlers call)
 * on the unit.
 */
export function externalHandlers(tree: Tree): string[] {
  return [...tree]
    .filter(([path, file]) => HANDLER_ROOTS.some((root) => path.startsWith(`${root}/`)) && (file.mode & 0o111) !== 0 && mayBeExternalHandler(path))
    .map(([path]) => path)
    .sort();
}
