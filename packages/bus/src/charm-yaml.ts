import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { Tags } from 'yaml';

/** A charm YAML file that could not be read or parsed: names the file (and line and column). */
export class CharmFileError extends Error {
  override name = 'CharmFileError';
}

/**
 * The one reader of a charm's YAML files (metadata.yaml, config.yaml,
 * layer.yaml) for the build, the hooks, the CLI and the simulator: YAML 1.1,
 * as charm-tools (PyYAML) and Juju read them, so the values `yes`, `on` and
 * `off` are booleans and `<<:` merges a mapping. A mapping key keeps its text
 * (a config option named `n`, `yes` or `on` is that name), as Juju reads them
 * into Go strings. Timestamps stay strings, so every value is plain JSON data.
 * Malformed YAML is a CharmFileError naming `source`, line and column.
 */
export function parseCharmYAML(text: string, source: string): unknown {
  const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  try {
    const keyText = (key: unknown): unknown => (yaml.isScalar(key) ? (key.source ?? key.value) : key);
    const uniqueKeys = (a: unknown, b: unknown): boolean => a === b || keyText(a) === keyText(b);
    const doc = yaml.parseDocument(text, { version: '1.1', customTags: noTimestamps, merge: true, uniqueKeys });
    if (doc.errors[0]) throw doc.errors[0];
    yaml.visit(doc, {
      Pair(_, pair) {
        if (yaml.isScalar(pair.key) && typeof pair.key.value !== 'string' && typeof pair.key.source === 'string') pair.key.value = pair.key.source;
      },
    });
    return doc.toJS();
  } catch (error) {
    const pos = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    const reason = (error as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new CharmFileError(`${source}${pos ? `:${pos.line}:${pos.col}` : ''}: malformed YAML: ${reason}`);
  }
}

const noTimestamps = (tags: Tags): Tags => tags.filter((tag) => (tag as { tag?: string }).tag !== 'tag:yaml.org,2002:timestamp');

/**
 * A charm YAML file, parsed by {@link parseCharmYAML}; `undefined` when it does
 * not exist. The YAML parser costs tens of milliseconds to load and these files
 * only change with the charm, so the parsed form is kept as JSON in
 * `.reactive-cache/` beside them, and reused while the file's size and time
 * stamp are unchanged (and the cache was written by this reader).
 */
export function readCharmYAML(path: string): unknown {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CharmFileError(`${path}: cannot read (${(error as Error).message})`);
  }
  const stamp = `${READER}:${stat.size}:${stat.mtimeMs}`;
  const cache = join(dirname(path), '.reactive-cache', `${basename(path)}.json`);
  try {
    const cached = JSON.parse(readFileSync(cache, 'utf8')) as { stamp: string; data: unknown };
    if (cached.stamp === stamp) return cached.data;
  } catch {
    // No usable cache: parse the YAML below.
  }
  const data = parseCharmYAML(readText(path), path);
  try {
    mkdirSync(dirname(cache), { recursive: true });
    writeFileSync(cache, JSON.stringify({ stamp, data }));
  } catch {
    // A read-only charm dir only costs the next hook a parse.
  }
  return data;
}

/** Names the reader in each cache entry: a cache from another reader (YAML 1.2, or keys read as booleans, before) is parsed again. */
const READER = 'yaml-1.1-text-keys';

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CharmFileError(`${path}: cannot read (${(error as Error).message})`);
  }
}
