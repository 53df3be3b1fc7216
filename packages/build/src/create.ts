import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BuildError } from './errors.js';

const NAME = /^[a-z][a-z0-9-]*$/;
/** The files of a new charm, with __NAME__ and __VERSION__ to fill in. */
const TEMPLATE = fileURLToPath(new URL('../templates/charm/', import.meta.url));

/**
 * A new charm layer in `dir` (named after its last path component): a
 * metadata.yaml, a config.yaml with one option, a layer.yaml including
 * layer:basic, `reactive/<name>.js` with a first handler, a package.json, a
 * README and a Harness test.
 */
export function create(dir: string): { dir: string; name: string; files: string[] } {
  const target = resolve(dir);
  const name = basename(target);
  if (!NAME.test(name)) throw new BuildError(`${dir}: a charm name starts with a lowercase letter and has only lowercase letters, digits and dashes`);
  if (existsSync(target)) throw new BuildError(`${dir}: already exists`);
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const fill = (text: string) => text.replaceAll('__NAME__', name).replaceAll('__VERSION__', version);
  const files: string[] = [];
  for (const source of templateFiles(TEMPLATE)) {
    const path = fill(relative(TEMPLATE, source));
    mkdirSync(join(target, path, '..'), { recursive: true });
    writeFileSync(join(target, path), fill(readFileSync(source, 'utf8')));
    files.push(path);
  }
  return { dir: target, name, files: files.sort() };
}

function templateFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? templateFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}
