import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { tempDir } from './temp.mjs';

const ROOT = join(import.meta.dirname, '..');

/** What a TypeScript charm's tsconfig sets (reactive create writes a strict one). */
const OPTIONS = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
};

/**
 * Type-checks `files` (relative path → text) as a charm's TypeScript program,
 * in a temp folder that sees this repository's node_modules (the packages'
 * built declarations). Resolves the folder and its errors, one
 * `path:line TSxxxx message` each (the message's first line), in file order.
 * Names in `roots` (default: every .ts file given) are the program's roots.
 */
export function typecheck(files, roots) {
  const dir = tempDir('reactive-types-');
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const names = (roots ?? Object.keys(files).filter((path) => /\.[cm]?ts$/.test(path))).map((path) => join(dir, path));
  return { dir, errors: errorsOf(ts.createProgram(names, OPTIONS), dir) };
}

function errorsOf(program, dir) {
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0];
    if (!d.file) return `TS${d.code} ${message}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${relative(dir, d.file.fileName)}:${line + 1} TS${d.code} ${message}`;
  });
}
