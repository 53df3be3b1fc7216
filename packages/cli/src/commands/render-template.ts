import { resolve } from 'node:path';
import { render } from '@reactive/hookenv';
import { UsageError } from '../errors.js';
import type { Caller } from '../registry.js';

export interface RenderTemplateOptions {
  /** The target's mode, octal (default 0444). */
  mode?: string;
  /** Owner and group, names or numbers (default root:root when running as root, else unchanged). */
  owner?: string;
  group?: string;
}

/**
 * `render_template SOURCE TARGET`: @reactive/hookenv's render() of SOURCE
 * (in `$CHARM_DIR/templates`) with the environment variables as the context,
 * to TARGET. For an external handler the hook process runs it with the
 * handler's environment, and a relative TARGET is the handler's too.
 */
export async function renderTemplateCommand(source: string, target: string, opts: RenderTemplateOptions = {}, caller?: Caller): Promise<void> {
  const perms = parseMode(opts.mode);
  const context = { ...(caller?.env ?? process.env) };
  await render(source, resolve(caller?.cwd ?? process.cwd(), target), context, { perms, owner: opts.owner, group: opts.group });
}

function parseMode(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const digits = text.replace(/^0o/i, '');
  if (!/^[0-7]{1,4}$/.test(digits)) throw new UsageError(`--mode must be an octal mode such as 0644, got ${JSON.stringify(text)}`);
  return parseInt(digits, 8);
}
