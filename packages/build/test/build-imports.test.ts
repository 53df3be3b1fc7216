// reactive build refuses a module a handler imports that the built charm will not carry.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASIC, workspace, type Files } from './fixtures/build/workspace.js';

const PACKAGE_JSON = JSON.stringify({
  type: 'module',
  dependencies: { '@reactive/bus': '0.1.0', yaml: '^2.0.0' },
  devDependencies: { '@reactive/cli': '0.1.0', vitest: '^3.0.0' },
});

function charmWorkspace(files: Files, provides = 'export default class {}\n') {
  const ws = workspace();
  ws.layer('test-base', BASIC);
  ws.iface('http', { 'interface.yaml': 'name: http\n', 'provides.mjs': provides });
  ws.charm({
    'layer.yaml': 'includes: [layer:test-base, interface:http]\n',
    'metadata.yaml': 'name: demo\nprovides:\n  website:\n    interface: http\n',
    'package.json': PACKAGE_JSON,
    ...files,
  });
  return ws;
}

describe('reactive build of what handlers import', () => {
  it('refuses a .js handler importing a devDependency, naming the file, line and package, and writes nothing', async () => {
    const ws = charmWorkspace({ 'reactive/demo.js': "import { when } from '@reactive/bus';\nimport { main } from '@reactive/cli';\nwhen('x')(main);\n" });
    const error = await ws.fail({ vendor: false });
    expect(error.message).toBe(
      `${join(ws.root, 'demo', 'reactive', 'demo.js')}:2:22: imports "@reactive/cli", which the built charm does not carry: ` +
        `it is a devDependency (${join(ws.root, 'demo', 'package.json')}); move it to "dependencies" there`,
    );
    expect(existsSync(ws.out)).toBe(false);
  });

  it('refuses a package no package.json names, in an interface layer module', async () => {
    const ws = charmWorkspace({}, "import { Endpoint } from '@reactive/endpoints';\nexport default Endpoint;\n");
    const error = await ws.fail({ vendor: false });
    expect(error.message).toBe(
      `${join(ws.interfaces, 'http', 'provides.mjs')}:1:26: imports "@reactive/endpoints", which the built charm does not carry: ` +
        `add @reactive/endpoints to "dependencies" in the charm layer's package.json`,
    );
  });

  it("follows a handler's relative imports: a require() in a lib/ module it loads is checked too", async () => {
    const ws = charmWorkspace({
      'reactive/demo.cjs': "const { check } = require('../lib/check.cjs');\nmodule.exports = check;\n",
      'lib/check.cjs': "const { expect } = require('vitest');\nexports.check = expect;\n",
    });
    const error = await ws.fail({ vendor: false });
    expect(error.message).toMatch(/\/demo\/lib\/check\.cjs:1:28: imports "vitest", which the built charm does not carry: it is a devDependency/);
  });

  it('refuses a devDependency in a .ts handler with the same line', async () => {
    const ws = charmWorkspace({ 'reactive/demo.ts': "import { main } from '@reactive/cli';\nexport const m = main;\n" });
    const error = await ws.fail({ vendor: false });
    expect(error.message).toContain('reactive/demo.ts:1:22: imports "@reactive/cli", which the built charm does not carry: it is a devDependency');
  });

  it('builds handlers importing dependencies, Node builtins and relative modules, and leaves unparsable JavaScript to fail where it runs', async () => {
    const ws = charmWorkspace({
      'reactive/demo.js':
        "import { when } from '@reactive/bus';\nimport { parse } from 'yaml/util';\nimport fs from 'node:fs';\nimport path from 'path';\nimport { x } from '../lib/x.js';\nexport default [when, parse, fs, path, x];\n",
      'lib/x.js': "export const x = await import('./y.json', { with: { type: 'json' } });\n",
      'lib/y.json': '{}\n',
      'reactive/broken.js': 'export const = ;\n',
    });
    await ws.build({ vendor: false });
    expect(existsSync(join(ws.out, 'reactive', 'demo.js'))).toBe(true);
  });
});

describe('reactive build of handlers that render templates', () => {
  const packageJson = (dependencies: Record<string, string>) =>
    JSON.stringify({ type: 'module', dependencies: { '@reactive/hookenv': '0.1.0', ...dependencies } });
  const NEEDS_NUNJUCKS = `imports render from @reactive/hookenv, which needs nunjucks: add "nunjucks" to "dependencies" in the charm layer's package.json`;

  it('refuses a handler importing render (renamed too) when the charm does not carry nunjucks, and writes nothing', async () => {
    const ws = charmWorkspace({
      'package.json': packageJson({}),
      'reactive/demo.ts': "import { log, render as renderTemplate } from '@reactive/hookenv';\nexport default [log, renderTemplate];\n",
    });
    const error = await ws.fail({ vendor: false });
    expect(error.message).toBe(`reactive/demo.ts: ${NEEDS_NUNJUCKS}`);
    expect(existsSync(ws.out)).toBe(false);
  });

  it('refuses an interface module importing render, by its place in the built charm', async () => {
    const ws = charmWorkspace({ 'package.json': packageJson({}) }, "import { render } from '@reactive/hookenv';\nexport default render;\n");
    const error = await ws.fail({ vendor: false });
    expect(error.message).toBe(`hooks/relations/http/provides.mjs: ${NEEDS_NUNJUCKS}`);
  });

  it('builds a handler importing render when the charm depends on nunjucks', async () => {
    const ws = charmWorkspace({
      'package.json': packageJson({ nunjucks: '^3.2.4' }),
      'reactive/demo.js': "import { render } from '@reactive/hookenv';\nexport default render;\n",
    });
    await ws.build({ vendor: false });
    expect(existsSync(join(ws.out, 'reactive', 'demo.js'))).toBe(true);
  });
});
