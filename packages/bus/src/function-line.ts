import { readFileSync } from 'node:fs';

interface SourceFile {
  text: string;
  /** Offsets at which each line starts. */
  lineStarts: number[];
  /** Where the last function was found: handlers mostly register in file order. */
  cursor: number;
}

const files = new Map<string, SourceFile | null>();

/** A 1-based line and 0-based column in a file. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Where `fn` is defined in `file`, found by looking for the function's own
 * source text in the file (as Python reports the first line of a handler's
 * code). Cheap even for thousands of handlers in one module, where
 * asking V8 for call-site lines costs time in proportion to the module's size
 * for each handler. Undefined when the file cannot be read or does not contain
 * the function (it changed since it was loaded).
 */
export function functionPosition(file: string, fn: Function): Position | undefined {
  const source = sourceFile(file);
  if (!source) return undefined;
  const code = Function.prototype.toString.call(fn);
  let offset = source.text.indexOf(code, source.cursor);
  if (offset === -1) offset = source.text.indexOf(code);
  if (offset === -1) return undefined;
  source.cursor = offset + code.length;
  const line = lineAt(source.lineStarts, offset);
  return { line, column: offset - source.lineStarts[line - 1]! };
}

function sourceFile(file: string): SourceFile | null {
  let source = files.get(file);
  if (source === undefined) {
    source = readSource(file);
    files.set(file, source);
  }
  return source;
}

function readSource(file: string): SourceFile | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return { text, lineStarts, cursor: 0 };
}

function lineAt(lineStarts: number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >>> 1;
    if (lineStarts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

/** Forgets the sources read (handler modules may change between hooks run in one process). */
export function forgetSources(): void {
  files.clear();
}
