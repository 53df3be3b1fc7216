import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { charmDir } from '@reactive/hookenv';
import { CliError, UsageError } from '../errors.js';
import type { Caller } from '../registry.js';

export interface RenderOptions {
  /** The target's mode, octal (default 0444). */
  mode?: string;
  /** Owner and group, names or numbers (default root:root when running as root, else unchanged). */
  owner?: string;
  group?: string;
}

/**
 * `render_template SOURCE TARGET`: renders the Jinja2-syntax template SOURCE
 * (relative to `$CHARM_DIR/templates`) with Nunjucks, reading it as Jinja2
 * does (its final line break dropped), the environment (the calling
 * handler's, when the hook process runs it for one; relative targets are
 * then the handler's too)
 * variables as the context, and writes TARGET (mode 0444 unless `--mode`),
 * creating missing parent directories (0755). Nothing is written unless the
 * template renders: the new file replaces the target in one rename.
 */
export async function renderTemplateCommand(source: string, target: string, opts: RenderOptions = {}, caller?: Caller): Promise<void> {
  const mode = parseMode(opts.mode);
  const templates = join(charmDir(), 'templates');
  const name = templateName(templates, source);
  const owner = opts.owner === undefined ? undefined : lookupId(opts.owner, '/etc/passwd', 'user');
  const group = opts.group === undefined ? undefined : lookupId(opts.group, '/etc/group', 'group');
  const text = await render(templates, name, caller?.env ?? process.env);

  const targetPath = resolve(caller?.cwd ?? process.cwd(), target);
  mkdirSync(dirname(targetPath), { recursive: true, mode: 0o755 });
  const temp = join(dirname(targetPath), `.${basename(targetPath)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, text, { mode: 0o600 });
    const uid = owner ?? (isRoot() ? 0 : undefined);
    const gid = group ?? (isRoot() ? 0 : undefined);
    if (uid !== undefined || gid !== undefined) chownSync(temp, uid ?? -1, gid ?? -1);
    chmodSync(temp, mode);
    renameSync(temp, targetPath);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new CliError(`cannot write ${targetPath}: ${(error as Error).message}`);
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function parseMode(text: string | undefined): number {
  if (text === undefined) return 0o444;
  const digits = text.replace(/^0o/i, '');
  if (!/^[0-7]{1,4}$/.test(digits)) throw new UsageError(`--mode must be an octal mode such as 0644, got ${JSON.stringify(text)}`);
  return parseInt(digits, 8);
}

/** The template's name inside `templates`, refusing paths that lead out of it. */
function templateName(templates: string, source: string): string {
  const full = resolve(templates, source);
  const rel = relative(templates, full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new CliError(`template ${source} is outside the templates directory ${templates}`);
  }
  if (!existsSync(full) || !statSync(full).isFile()) throw new CliError(`template not found: ${source} (in ${templates})`);
  const realRel = relative(realpathSync(templates), realpathSync(full));
  if (realRel.startsWith('..') || isAbsolute(realRel)) {
    throw new CliError(`template ${source} leads outside the templates directory ${templates} (through a symbolic link)`);
  }
  return rel;
}

async function render(templates: string, name: string, context: Record<string, string | undefined>): Promise<string> {
  const nunjucks = (await import('nunjucks')).default;
  // Jinja2's True/False/None, dict.items(), list slices, as templates written for Python expect.
  nunjucks.installJinjaCompat();
  // Jinja2 reads a template with its line breaks made \n and one final line break dropped (keep_trailing_newline=False).
  class JinjaSourceLoader extends nunjucks.FileSystemLoader {
    override getSource(name: string) {
      const source = super.getSource(name);
      if (source) source.src = jinjaSource(source.src);
      return source;
    }
  }
  const env = new nunjucks.Environment(new JinjaSourceLoader(templates, { noCache: true }), { autoescape: false });
  // The callback form: Nunjucks reports an error in an included template asynchronously.
  return new Promise((resolve, reject) => {
    env.render(name, { ...context }, (error, text) => {
      if (error) reject(new CliError(templateError(error, name, templates)));
      else resolve(text ?? '');
    });
  });
}

/** A template's text as Jinja2's lexer sees it: every \r\n, \r or \n a \n, and one line break at the end dropped. */
export function jinjaSource(text: string): string {
  return text.replace(/\r\n|\r/g, '\n').replace(/\n$/, '');
}

/**
 * One line naming the template at fault (the innermost, for an error in an
 * included template), the line and column when known, and the message:
 * `template app.j2, line 3, column 7: unexpected token: }}`.
 */
function templateError(error: unknown, name: string, templates: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const places = [...message.matchAll(/\((?<file>[^()\n]*)\)(?: \[Line (?<line>\d+)(?:, Column (?<column>\d+))?\])?/g)];
  const place = places.at(-1)?.groups;
  const file = place?.file && place.file !== 'unknown path' ? relative(templates, place.file) || name : name;
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const detail = (lines.at(-1) ?? message)
    .replace(/^Template render error:\s*/, '')
    .replace(/^\([^()\n]*\)\s*(\[Line \d+(, Column \d+)?\])?\s*/, '')
    .replace(/^Error:\s*/, '');
  const where = place?.line ? `, line ${place.line}${place.column ? `, column ${place.column}` : ''}` : '';
  return `template ${file}${where}: ${detail}`;
}

/** A user or group id: a number, or a name looked up in /etc/passwd or /etc/group. */
function lookupId(name: string, file: string, what: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  let entries: string[] = [];
  try {
    entries = readFileSync(file, 'utf8').split('\n');
  } catch {
    // No database: the name cannot be found.
  }
  for (const line of entries) {
    const fields = line.split(':');
    if (fields[0] === name && fields[2] !== undefined && /^\d+$/.test(fields[2])) return Number(fields[2]);
  }
  throw new UsageError(`no such ${what}: ${name}`);
}
