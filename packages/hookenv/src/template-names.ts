import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { TemplateError } from './template-error.js';

/**
 * The file of the template `name` inside `templates`, or undefined when there
 * is none. The same rules hold for the template rendered and every template it
 * includes, extends or imports: a relative name without `..`, and a file whose
 * real path (symbolic links followed) is inside the templates directory.
 */
export function templateFile(templates: string, name: string): string | undefined {
  const segments = name.split(/[/\\]/);
  if (name === '' || isAbsolute(name) || segments.includes('..')) {
    throw new TemplateError(name, `outside the templates directory ${templates}`);
  }
  const full = join(templates, name);
  if (!isFile(full)) return undefined;
  const real = realpathSync(full);
  const inside = relative(realpathSync(templates), real);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new TemplateError(name, `leads outside the templates directory ${templates} (through a symbolic link)`);
  }
  return real;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}

/** templateFile(), for the template asked for: a missing one is an error too. */
export function existingTemplateFile(templates: string, name: string): string {
  const file = templateFile(templates, name);
  if (file === undefined) throw new TemplateError(name, `not found in ${templates}`);
  return file;
}
