import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** A YAML file's contents that could not be read or parsed: names the file (and line). */
export class CharmFileError extends Error {
  override name = 'CharmFileError';
}

/**
 * A charm YAML file (config.yaml, layer.yaml), parsed. The YAML parser costs
 * tens of milliseconds to load, and these files only change with the charm, so
 * the parsed form is kept as JSON in `.reactive-cache/` beside them and reused
 * while the file's size and time stamp are unchanged.
 */
export function readCharmYAML(path: string): unknown {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CharmFileError(`${path}: cannot read (${(error as Error).message})`);
  }
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const cache = join(dirname(path), '.reactive-cache', `${basename(path)}.json`);
  try {
    const cached = JSON.parse(readFileSync(cache, 'utf8')) as { stamp: string; data: unknown };
    if (cached.stamp === stamp) return cached.data;
  } catch {
    // No usable cache: parse the YAML below.
  }
  const data = parseYAML(path);
  try {
    mkdirSync(dirname(cache), { recursive: true });
    writeFileSync(cache, JSON.stringify({ stamp, data }));
  } catch {
    // A read-only charm dir only costs the next hook a parse.
  }
  return data;
}

function parseYAML(path: string): unknown {
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const line = (error as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new CharmFileError(`${path}${line ? `:${line}` : ''}: malformed YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}
