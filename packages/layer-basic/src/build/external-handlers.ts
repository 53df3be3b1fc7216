import type { Tree } from './compose.js';

const HANDLER_ROOTS = ['reactive/', 'hooks/reactive/', 'hooks/relations/'];
/** What discovery never runs as an external handler (see @reactive/bus's discover). */
const NOT_HANDLERS = /(\.(js|mjs|cjs|py|pyc|md|yaml|txt|ini)|makefile|\.gitignore|copyright|license)$/i;

/**
 * The external handlers of a built charm: executable files in the handler
 * folders that are not modules nor files discovery leaves alone. A charm with
 * any needs the `charms.reactive` CLI (the bash helper and the commands its
 * handlers call) on the unit.
 */
export function externalHandlers(tree: Tree): string[] {
  return [...tree]
    .filter(([path, file]) => HANDLER_ROOTS.some((root) => path.startsWith(root)) && (file.mode & 0o111) !== 0 && !NOT_HANDLERS.test(path))
    .map(([path]) => path)
    .sort();
}
