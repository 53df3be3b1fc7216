// reactive types / reactive build: config.d.ts, CharmConfig of @reactive/hookenv typed from config.yaml.
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildError, CONFIG_TYPES_FILE, configTypes, writeConfigTypes } from '@reactive/build';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { typecheck } from '../../../test-fixtures/typecheck.mjs';
import { BASIC, workspace } from './fixtures/build/workspace.js';

const CONFIG_YAML = `options:
  port:
    type: int
    default: 8080
    description: The port to listen on.
  ratio: {type: float, default: 0.5}
  debug: {type: boolean, default: no}
  admin-pass:
    type: string
    description: |
      The administrator's password.
      Unset until the operator sets it.
  token: {type: secret}
  name: {default: web}
`;

function failure(text: string): string {
  try {
    configTypes(text, 'layer/config.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(BuildError);
    return (error as Error).message;
  }
  throw new Error('configTypes() accepted it');
}

describe('configTypes', () => {
  it("declares each option with its Juju type's TypeScript type, null where it has no default, its description as a doc comment", () => {
    expect(configTypes(CONFIG_YAML, 'config.yaml'))
      .toBe(`// Generated from config.yaml by \`reactive types\` (and by \`reactive build\`): edit config.yaml, not this file.
// The charm's options, so that config().get(name) of @reactive/hookenv is typed.
export {};

declare module '@reactive/hookenv' {
  interface CharmConfig {
    /** The port to listen on. */
    port: number;
    ratio: number;
    debug: boolean;
    /**
     * The administrator's password.
     * Unset until the operator sets it.
     */
    'admin-pass': string | null;
    token: string | null;
    name: string;
  }
}
`);
  });

  it('makes config().get(option) typed in a charm, and an option config.yaml lacks a compile error', () => {
    const handler = `import { config } from '@reactive/hookenv';
const port: number = config().get('port');
const pass: string = config().get('admin-pass');
config().get('nope');
const before: boolean | null = config().previous('debug');
const changed: boolean = config().changed('ratio');
export { port, pass, before, changed };
`;
    const { errors } = typecheck({ [CONFIG_TYPES_FILE]: configTypes(CONFIG_YAML, 'config.yaml'), 'reactive/charm.ts': handler });
    expect(errors).toEqual([
      "reactive/charm.ts:3 TS2322 Type 'string | null' is not assignable to type 'string'.",
      `reactive/charm.ts:4 TS2345 Argument of type '"nope"' is not assignable to parameter of type 'OptionName<CharmConfig>'.`,
    ]);
  });

  it('refuses an unknown type or a default of the wrong type, naming the file, line and option', () => {
    expect(failure('options:\n  port:\n    type: integer\n    default: 80\n')).toBe(
      `layer/config.yaml:3: option "port" has the unknown type "integer" (Juju's are string, int, float, boolean, secret)`,
    );
    expect(failure('options:\n  port: {type: int, default: "80"}\n')).toBe(
      'layer/config.yaml:2: option "port" is of type int, and its default "80" is not an int',
    );
    expect(failure('options:\n  a: {type: int, default: 1}\n  ratio:\n    type: int\n    default: 0.5\n')).toBe(
      'layer/config.yaml:5: option "ratio" is of type int, and its default 0.5 is not an int (Juju reads 0.5 as a float)',
    );
    expect(failure('options:\n  port: 80\n')).toBe('layer/config.yaml:2: option "port" must be a mapping (type, default, description)');
  });
});

describe('writeConfigTypes', () => {
  it("writes config.d.ts at the layer's root from its config.yaml, and leaves an unchanged one alone", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.yaml'), CONFIG_YAML);
    const path = writeConfigTypes(dir);
    expect(path).toBe(join(dir, 'config.d.ts'));
    expect(readFileSync(path, 'utf8')).toBe(configTypes(CONFIG_YAML, 'config.yaml'));
    utimesSync(path, 1, 1);
    writeConfigTypes(dir);
    expect(statSync(path).mtimeMs).toBe(1000);
  });

  it("adds the options of the layers it includes, merged as the build merges them (deletes, then each layer's file)", () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'config.yaml': 'options:\n  port: {type: int, default: 80}\n  vip: {type: string}\n' });
    const demo = ws.charm({ 'layer.yaml': 'includes: [layer:basic]\nconfig: {deletes: [vip]}\n', 'config.yaml': 'options:\n  port: {default: 8080}\n' });
    const text = readFileSync(writeConfigTypes(demo, { layerPath: [ws.layers], interfacePath: [ws.interfaces] }), 'utf8');
    expect(text).toContain('  interface CharmConfig {\n    port: number;\n  }\n');
  });

  it('names the charm layer that includes a layer it cannot find', () => {
    const ws = workspace();
    const demo = ws.charm({ 'layer.yaml': 'includes: [layer:nowhere]\n' });
    expect(() => writeConfigTypes(demo, { layerPath: [ws.layers], interfacePath: [ws.interfaces] })).toThrow(
      `(included by demo in ${join(demo, 'layer.yaml')})`,
    );
  });

  it('declares no option for a layer without config.yaml', () => {
    const dir = tempDir();
    expect(readFileSync(writeConfigTypes(dir), 'utf8')).toContain('  interface CharmConfig {\n  }\n');
  });
});

describe('reactive build', () => {
  it('writes config.d.ts again in a TypeScript layer, with the options of the layers it includes; not in a JavaScript one', async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'config.yaml': 'options:\n  port: {type: int, default: 80}\n' });
    const demo = ws.charm({
      'layer.yaml': 'includes: [layer:basic]\n',
      'metadata.yaml': 'name: demo\n',
      'config.yaml': 'options:\n  port: {default: 8080}\n  mode: {type: string}\n',
    });
    await ws.build();
    expect(existsSync(join(demo, CONFIG_TYPES_FILE))).toBe(false);

    writeFileSync(join(demo, 'tsconfig.json'), '{}\n');
    await ws.build();
    expect(readFileSync(join(demo, CONFIG_TYPES_FILE), 'utf8')).toContain('    port: number;\n    mode: string | null;\n');
    expect(existsSync(join(ws.out, CONFIG_TYPES_FILE))).toBe(false);
  });

  it('fails on a default of the wrong type, naming the config.yaml of the layer that set it', async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'config.yaml': 'options:\n  port: {type: int, default: 80}\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n', 'config.yaml': 'options:\n  port:\n    default: eighty\n' });
    expect((await ws.fail()).message).toBe(`${ws.root}/demo/config.yaml:3: option "port" is of type int, and its default "eighty" is not an int`);
    expect(existsSync(ws.out)).toBe(false);
  });
});
