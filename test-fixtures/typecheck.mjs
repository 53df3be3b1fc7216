import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { tempDir } from './temp.mjs';

const NODE_MODULES = join(import.meta.dirname, '..', 'node_modules');

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
 * Type-checks `files` (relative path → text, or a function of the folder
 * returning them) as a charm's TypeScript program,
 * in a temp folder that sees this repository's node_modules (the packages'
 * built declarations), plus `packages` (name → folder) as if npm had
 * installed them there. Returns the folder and its errors, one
 * `path:line TSxxxx message` each (the message's first line), in file order.
 */
export function typecheck(files, { packages } = {}) {
  const dir = tempDir('reactive-types-');
  linkNodeModules(join(dir, 'node_modules'), packages);
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  const texts = typeof files === 'function' ? files(dir) : files;
  for (const [path, text] of Object.entries(texts)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const names = Object.keys(texts)
    .filter((path) => /\.[cm]?ts$/.test(path))
    .map((path) => join(dir, path));
  return { dir, errors: errorsOf(ts.createProgram(names, OPTIONS), dir) };
}

/** The repository's node_modules, as one link, or as a link per package when others join them. */
function linkNodeModules(target, packages) {
  if (!packages) return symlinkSync(NODE_MODULES, target);
  mkdirSync(target);
  for (const entry of readdirSync(NODE_MODULES)) {
    if (!entry.startsWith('@')) {
      symlinkSync(join(NODE_MODULES, entry), join(target, entry));
      continue;
    }
    mkdirSync(join(target, entry));
    for (const name of readdirSync(join(NODE_MODULES, entry))) symlinkSync(join(NODE_MODULES, entry, name), join(target, entry, name));
  }
  for (const [name, folder] of Object.entries(packages)) {
    mkdirSync(dirname(join(target, name)), { recursive: true });
    symlinkSync(folder, join(target, name));
  }
}

function errorsOf(program, dir) {
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0];
    if (!d.file) return `TS${d.code} ${message}`;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${relative(dir, d.file.fileName)}:${line + 1} TS${d.code} ${message}`;
  });
}
