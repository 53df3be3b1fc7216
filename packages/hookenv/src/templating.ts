import { dirname, join, resolve } from 'node:path';
import { charmDir } from './context.js';
import { makeFolders, writeFileAtomically, type Ownership } from './safe-write.js';
import { existingTemplateFile } from './template-names.js';
import { groupId, userId } from './user-ids.js';

export interface RenderOptions {
  /** The target's mode (default 0o444). */
  perms?: number;
  /** The target's owner, a user name or id (default root when the hook runs as root, else the process's user). */
  owner?: string | number;
  /** The target's group, a group name or id (default root when the hook runs as root, else the process's group). */
  group?: string | number;
  /** Where templates are (default `$JUJU_CHARM_DIR/templates`). */
  templatesDir?: string;
}

/**
 * charmhelpers.core.templating.render: renders the Jinja2 template `source`
 * (a name inside the templates folder) with `context`, writes it to `target`
 * (unless null) and returns the text. Missing folders of the target are
 * created 0755, the last one owned as the target. The target is replaced in
 * one rename, once the template has rendered: on any error it is unchanged.
 * Throws a TemplateError naming the template, line and column for a template
 * that cannot render.
 */
export async function render(source: string, target: string | null, context: Record<string, unknown>, options: RenderOptions = {}): Promise<string> {
  const templates = resolve(options.templatesDir ?? join(charmDir(), 'templates'));
  const mode = checkedMode(options.perms ?? 0o444);
  const owner = ownership(options);
  existingTemplateFile(templates, source);
  const { renderTemplate } = await templateEngine();
  const text = await renderTemplate(templates, source, context);
  if (target !== null) {
    const path = resolve(target);
    makeFolders(dirname(path), owner);
    writeFileAtomically(path, text, mode, owner);
  }
  return text;
}

/** Nunjucks is an optional peer: a charm that renders carries it, others are 2 MB lighter. */
const NO_NUNJUCKS = `render() needs the nunjucks package, which the charm does not carry: add "nunjucks" to "dependencies" in the charm's package.json`;

async function templateEngine(): Promise<typeof import('./template-engine.js')> {
  try {
    return await import('./template-engine.js');
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === 'ERR_MODULE_NOT_FOUND' && String(message).includes("'nunjucks'")) throw new Error(NO_NUNJUCKS);
    throw error;
  }
}

function checkedMode(perms: number): number {
  if (!Number.isInteger(perms) || perms < 0 || perms > 0o7777) throw new Error(`render: perms must be a file mode such as 0o644, got ${String(perms)}`);
  return perms;
}

function ownership({ owner, group }: RenderOptions): Ownership {
  const root = process.getuid?.() === 0 ? 0 : undefined;
  return { uid: owner === undefined ? root : userId(owner), gid: group === undefined ? root : groupId(group) };
}
