import { readlinkSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

/**
 * What a symbolic link in a handler folder leads to, as charms.reactive 1.5.2's
 * `os.walk` sees it: a file (discovered as the file itself would be) or a
 * folder (not walked). A link out of the charm, or to nothing, is `refused`
 * with the reason: Juju never deploys such a link (it refuses a charm with a
 * link out of it), so it was planted on the unit or left by a broken build,
 * and running it, or silently dropping the handler, would both be wrong.
 */
export type HandlerLink = { kind: 'file' | 'folder'; target: string } | { kind: 'refused'; reason: string };

/** Where `link`, under the handler folders of the charm in `charm`, leads. */
export function followHandlerLink(charm: string, link: string): HandlerLink {
  const written = readlinkSync(link);
  let target;
  try {
    target = realpathSync(link);
  } catch {
    return { kind: 'refused', reason: `it links to ${written}, which does not exist` };
  }
  const inside = relative(realpathSync(charm), target);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return { kind: 'refused', reason: `it links to ${written}, outside the charm (Juju deploys no such link): copy the file into the charm` };
  }
  return { kind: statSync(target).isDirectory() ? 'folder' : 'file', target };
}
