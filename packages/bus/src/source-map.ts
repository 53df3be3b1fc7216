import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `/path/file.js:12:34` or `file:///path/file.js:12:34` in a stack frame. */
const FRAME = /((?:file:\/\/)?\/[^\s()'"]+?\.[cm]?js)(?:\?[^\s():]*)?:(\d+):(\d+)/g;

const maps = new Map<string, SourceMap | null>();

/**
 * A stack with each frame in a file that has a source map beside it
 * (`<file>.map`: the packages' bundles, a charm's compiled TypeScript) moved
 * to the source it was built from. Maps are read only here, when a hook
 * reports an error, so a hook that succeeds pays nothing for them (Node's
 * --enable-source-maps would read them all at start-up).
 */
export function mapStack(stack: string): string {
  return stack.replace(FRAME, (frame, file: string, line: string, column: string) => {
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    const map = mapOf(path);
    const entry = map?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return frame;
    const root = (map!.payload as { sourceRoot?: string }).sourceRoot || dirname(path);
    return `${resolve(root, entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/** The source map beside `path` (`<path>.map`), read once; null when there is none or it cannot be read. */
export function mapOf(path: string): SourceMap | null {
  let map = maps.get(path);
  if (map === undefined) {
    map = null;
    try {
      if (existsSync(`${path}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      // A map that cannot be read leaves the frames as they are.
    }
    maps.set(path, map);
  }
  return map;
}
