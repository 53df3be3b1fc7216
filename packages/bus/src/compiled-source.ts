import { dirname, resolve } from 'node:path';
import type { Position } from './function-line.js';
import { mapOf } from './source-map.js';

/** A place in the file a module was written in. */
export interface SourcePlace {
  file: string;
  line: number;
}

/**
 * Where a position in a module was written: for a compiled module (a charm's
 * TypeScript, compiled by `reactive build` with `x.js.map` beside `x.js`),
 * the file and line its source map gives; for any other, the module itself.
 * So handler ids name `reactive/x.ts:40`, not the JavaScript that runs.
 */
export function sourcePlace(file: string, position: Position): SourcePlace {
  const entry = mapOf(file)?.findEntry(position.line - 1, position.column);
  if (!entry || !('originalSource' in entry) || !entry.originalSource) return { file, line: position.line };
  return { file: resolve(dirname(file), entry.originalSource), line: entry.originalLine + 1 };
}
