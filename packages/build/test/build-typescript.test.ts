// reactive build compiles a charm's TypeScript: handlers, interface roles and their modules.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BASIC, read, tree, workspace, type Files } from './fixtures/build/workspace.js';

const CHARM: Files = {
  'layer.yaml': 'includes: [layer:test-base, interface:http]\n',
  'metadata.yaml': 'name: demo\nprovides:\n  website:\n    interface: http\n',
  'package.json': '{ "type": "module", "dependencies": { "yaml": "^2.0.0" } }\n',
  'tsconfig.json': '{ "compilerOptions": { "strict": true } }\n',
  'config.d.ts': 'export {};\n',
  'reactive/demo.ts': [
    "import { parse } from 'yaml';",
    "import { readFileSync } from 'node:fs';",
    "import type { Stats } from 'node:fs';",
    "import { Colour, Box } from '../lib/shapes.js';",
    "import { twice } from '../lib/numbers';",
    "import { three } from '../lib/three.ts';",
    '',
    'export const answer: number = twice(three) + new Box(Colour.Blue).size;',
    'export const used = [parse, readFileSync] as const;',
    'export type Unused = Stats;',
    '',
  ].join('\n'),
  'lib/shapes.ts': 'export enum Colour { Red, Blue }\nexport class Box {\n  constructor(readonly size: number) {}\n}\n',
  'lib/numbers.ts': 'export const twice = (n: number): number => n * 2;\n',
  'lib/three.ts': 'export const three: number = 3;\n',
  'reactive/other.mts': 'export const format: string = "esm";\n',
  'lib/legacy.cts': 'const kind: string = "commonjs";\nmodule.exports = { kind };\n',
};

function charmWorkspace(files: Files = {}) {
  const ws = workspace();
  ws.layer('test-base', BASIC);
  ws.iface('http', {
    'interface.yaml': 'name: http\n',
    'provides.ts': "export class HttpProvides {\n  port: number = 80;\n}\nexport const role: 'provides' = 'provides';\n",
  });
  ws.charm({ ...CHARM, ...files });
  return ws;
}

describe('reactive build of TypeScript', () => {
  it('compiles each .ts, .mts and .cts beside itself with a source map, and ships no TypeScript, declaration or tsconfig', async () => {
    const ws = charmWorkspace();
    await ws.build({ vendor: false });
    const files = tree(ws.out);
    expect(files.filter((f) => /\.([cm]?ts|tsbuildinfo)$/.test(f) || f.startsWith('tsconfig'))).toEqual([]);
    for (const module of ['reactive/demo.js', 'reactive/other.mjs', 'lib/legacy.cjs', 'lib/shapes.js', 'hooks/relations/http/provides.js']) {
      expect(files).toContain(module);
      expect(files).toContain(`${module}.map`);
    }
    expect(JSON.parse(read(ws.out, 'reactive/demo.js.map')).sources).toEqual(['demo.ts']);
    expect(JSON.parse(read(ws.out, 'hooks/relations/http/provides.js.map')).sources).toEqual(['provides.ts']);
  });

  it('points relative imports of TypeScript at the compiled modules, whichever way they are written, and keeps the others as written', async () => {
    const ws = charmWorkspace();
    await ws.build({ vendor: false });
    const code = read(ws.out, 'reactive/demo.js');
    expect(code).toContain('"../lib/shapes.js"');
    expect(code).toContain('"../lib/numbers.js"');
    expect(code).toContain('"../lib/three.js"');
    expect(code).toContain('"yaml"');
    expect(code).toContain('"node:fs"');
  });

  it('compiles what TypeScript has beyond types (enums, parameter properties) into modules Node runs', async () => {
    const ws = charmWorkspace({
      'reactive/demo.ts': "import { Colour, Box } from '../lib/shapes.js';\nexport const answer: number = new Box(Colour.Blue).size;\n",
    });
    await ws.build({ vendor: false });
    const module = (await import(pathToFileURL(join(ws.out, 'reactive/demo.js')).href)) as { answer: number };
    expect(module.answer).toBe(1);
    const legacy = (await import(pathToFileURL(join(ws.out, 'lib/legacy.cjs')).href)) as { default: { kind: string } };
    expect(legacy.default.kind).toBe('commonjs');
  });

  it('refuses a .ts that does not compile, with its file, line and column, and writes nothing', async () => {
    const ws = charmWorkspace({ 'reactive/demo.ts': 'export const a = 1;\nexport const b: number = (;\n' });
    const error = await ws.fail();
    expect(error.message).toMatch(new RegExp(`^${join(ws.root, 'demo', 'reactive', 'demo.ts')}:2:27: Unexpected ";"$`));
    expect(existsSync(ws.out)).toBe(false);
  });

  it('refuses an import of a package the built charm does not carry, naming the file, line and package', async () => {
    const ws = charmWorkspace({ 'reactive/demo.ts': "export const a = 1;\nimport { Harness } from '@reactive/harness';\nexport const b = Harness;\n" });
    const error = await ws.fail();
    expect(error.message).toBe(
      `${join(ws.root, 'demo', 'reactive', 'demo.ts')}:2:25: imports "@reactive/harness", which the built charm does not carry: add @reactive/harness to "dependencies" in the charm layer's package.json`,
    );
    expect(existsSync(ws.out)).toBe(false);
  });

  it('leaves a type-only import of an undeclared package alone: it is gone once compiled', async () => {
    const ws = charmWorkspace({ 'reactive/demo.ts': "import type { Harness } from '@reactive/harness';\nexport const h: Harness | undefined = undefined;\n" });
    await ws.build({ vendor: false });
    expect(read(ws.out, 'reactive/demo.js')).not.toContain('@reactive/harness');
  });

  it('refuses a .ts and a .js that would both be the same module', async () => {
    const ws = charmWorkspace({ 'lib/three.js': 'export const three = 3;\n' });
    const error = await ws.fail();
    expect(error.message).toBe(
      `${join(ws.root, 'demo', 'lib', 'three.ts')} and ${join(ws.root, 'demo', 'lib', 'three.js')} would both be lib/three.js in the built charm: remove one`,
    );
  });

  it('refuses a value import from outside the charm, saying where the module of another layer is', async () => {
    const ws = charmWorkspace({ 'reactive/demo.ts': "import { HttpProvides } from '../../interfaces/http/provides.js';\nexport const p = HttpProvides;\n" });
    const error = await ws.fail();
    expect(error.message).toContain('reactive/demo.ts:1:30: cannot find "../../interfaces/http/provides.js" in the built charm: it is outside the charm');
  });

  it('refuses a relative import of a file the layers do not have', async () => {
    const ws = charmWorkspace({ 'reactive/demo.ts': "import { gone } from '../lib/gone.js';\nexport const g = gone;\n" });
    const error = await ws.fail();
    expect(error.message).toMatch(/reactive\/demo\.ts:1:22: cannot find "\.\.\/lib\/gone\.js" in the built charm$/);
  });
});
