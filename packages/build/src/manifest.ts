import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BUILD_MANIFEST } from '@reactive/layer-basic';
import { BuildError } from './errors.js';
import { isDir, walk } from './fs-util.js';
import { OUTPUT_IGNORES, compilePatterns } from './ignore.js';
import type { Tree } from './compose.js';

export const MANIFEST = BUILD_MANIFEST;

/** `.build.manifest`: the layers and every file's `[owner, kind, sha256]`. */
export interface Manifest {
  layers: Array<Record<string, string>>;
  signatures: Record<string, [string, string, string]>;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

function list(label: string, paths: string[]): string | undefined {
  if (paths.length === 0) return undefined;
  const shown = paths.slice(0, 10).join(', ');
  return `${label} ${shown}${paths.length > 10 ? ` and ${paths.length - 10} more` : ''}`;
}

/**
 * Before a rebuild (A11.2): the output folder must be absent, empty, or an
 * earlier build that nobody changed since; otherwise, unless `force`, the
 * build stops, naming what was changed, added or deleted.
 */
export function checkOldBuild(out: string, force: boolean): void {
  let stat;
  try {
    stat = statSync(out);
  } catch {
    return;
  }
  if (!stat.isDirectory()) throw new BuildError(`The output ${out} exists and is not a folder`);
  if (force || readdirSync(out).length === 0) return;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')) as Manifest;
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'has no .build.manifest' : `has an unreadable .build.manifest (${(error as Error).message})`;
    throw new BuildError(`The output folder ${out} is not empty and ${why}, so it was not made by reactive build: use --force to replace it`);
  }
  const signatures = manifest.signatures ?? {};
  const ignored = compilePatterns(OUTPUT_IGNORES);
  const present = new Set<string>();
  const changed: string[] = [];
  const added: string[] = [];
  for (const file of walk(out, [ignored])) {
    present.add(file.rel);
    const signature = signatures[file.rel];
    if (!signature) added.push(file.rel);
    else if (signature[2] !== 'unchecked' && signature[2] !== sha256(readFileSync(file.abs))) changed.push(file.rel);
  }
  const deleted = Object.keys(signatures).filter((rel) => rel !== MANIFEST && !present.has(rel) && !ignored.matches(rel, false));
  const found = [list('changed:', changed), list('added:', added), list('deleted:', deleted.sort())].filter(Boolean);
  if (found.length > 0) {
    throw new BuildError(`Unable to continue due to unexpected modifications in ${out} (try --force): ${found.join('; ')}`);
  }
}

/**
 * Writes `tree` and its manifest into a new folder beside `out`, then puts it
 * in place of `out` (the old build, if any, is removed): a build that fails
 * leaves `out` as it was.
 */
export function writeBuild(out: string, tree: Tree, layers: Manifest['layers']): void {
  const parent = dirname(out);
  mkdirSync(parent, { recursive: true });
  const temp = mkdtempSync(join(parent, `.${basename(out)}.building-`));
  try {
    const signatures: Manifest['signatures'] = {};
    const made = new Set<string>();
    for (const rel of [...tree.keys()].sort()) {
      const file = tree.get(rel)!;
      const data = file.content ?? readFileSync(file.source!);
      const abs = join(temp, rel);
      const dir = dirname(abs);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(abs, data);
      chmodSync(abs, file.mode);
      signatures[rel] = [file.owner, file.kind, sha256(data)];
    }
    signatures[MANIFEST] = ['build', 'dynamic', 'unchecked'];
    writeFileSync(join(temp, MANIFEST), `${JSON.stringify(sortKeys({ layers, signatures }), null, 2)}\n`);
    chmodSync(temp, 0o755);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw new BuildError(`Cannot write the build into ${temp}: ${(error as Error).message}`);
  }
  if (!isDir(out)) {
    renameSync(temp, out);
    return;
  }
  const old = join(parent, `.${basename(out)}.old-${randomBytes(4).toString('hex')}`);
  renameSync(out, old);
  try {
    renameSync(temp, out);
  } catch (error) {
    renameSync(old, out);
    rmSync(temp, { recursive: true, force: true });
    throw new BuildError(`Cannot move the build into ${out}: ${(error as Error).message}`);
  }
  rmSync(old, { recursive: true, force: true });
}
