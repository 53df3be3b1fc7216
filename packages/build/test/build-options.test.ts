// reactive build: the combined layer.yaml and layer options (layers.md A10).
import { describe, expect, it } from 'vitest';
import { validateWithDefaults } from '@reactive/build';
import { BASIC, read, readYAML, workspace } from './fixtures/build/workspace.js';

describe('validateWithDefaults (JSON Schema draft 4 subset)', () => {
  it('fills in defaults, nested ones included, before validating', () => {
    const data: Record<string, unknown> = { given: 1 };
    const schema = {
      type: 'object',
      properties: {
        given: { type: 'integer', default: 5 },
        list: { type: 'array', default: [] },
        nested: { type: 'object', default: {}, properties: { deep: { type: 'string', default: 'd' } } },
      },
    };
    expect(validateWithDefaults(schema, data)).toEqual([]);
    expect(data).toEqual({ given: 1, list: [], nested: { deep: 'd' } });
  });

  it('reports each violation with its path', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      required: ['must'],
      properties: {
        must: { type: 'string' },
        int: { type: 'integer', minimum: 1, maximum: 3 },
        exclusive: { type: 'number', minimum: 0, exclusiveMinimum: true },
        pick: { enum: ['a', 'b'] },
        short: { type: 'string', minLength: 2, maxLength: 3 },
        list: { type: 'array', items: { type: 'string' }, maxItems: 2 },
        either: { type: ['string', 'null'] },
        pattern: { type: 'string', pattern: '^v[0-9]+$' },
      },
    };
    const issues = validateWithDefaults(schema, {
      int: 1.5,
      exclusive: 0,
      pick: 'c',
      short: 'abcd',
      list: ['a', 2, 'c'],
      either: 3,
      pattern: 'x',
      extra: true,
    });
    expect(issues).toEqual([
      { path: [], message: '"must" is a required property' },
      { path: ['int'], message: '1.5 is not of type "integer"' },
      { path: ['exclusive'], message: '0 is less than or equal to the minimum of 0' },
      { path: ['pick'], message: '"c" is not one of ["a","b"]' },
      { path: ['short'], message: '"abcd" is too long (maximum length 3)' },
      { path: ['list'], message: '["a",2,"c"] is too long (maximum 2 items)' },
      { path: ['list', 1], message: '2 is not of type "string"' },
      { path: ['either'], message: '3 is not of type "string", "null"' },
      { path: ['pattern'], message: '"x" does not match "^v[0-9]+$"' },
      { path: [], message: 'Additional properties are not allowed ("extra" was unexpected)' },
    ]);
    expect(validateWithDefaults({ type: 'integer', maximum: 3 }, 4)).toEqual([{ path: [], message: '4 is greater than the maximum of 3' }]);
    expect(validateWithDefaults({ type: 'string', minLength: 2 }, 'a')).toEqual([{ path: [], message: '"a" is too short (minimum length 2)' }]);
  });
});

describe('the built layer.yaml', () => {
  it("merges every layer's layer.yaml, fills in the defaults, drops defines, and records includes and `is`", async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.layer('tools', {
      'layer.yaml': 'includes: [layer:basic]\noptions:\n  basic:\n    packages: [curl]\ndefines:\n  verbose: {type: boolean, default: false}\n',
    });
    ws.charm({
      'layer.yaml': 'includes: [layer:tools]\nrepo: https://example.com/demo\noptions:\n  basic:\n    packages: [git]\n  tools:\n    verbose: true\n',
      'metadata.yaml': 'name: demo\n',
    });
    const lines: string[] = [];
    await ws.build({ log: (line) => lines.push(line) });
    expect(readYAML(ws.out, 'layer.yaml')).toEqual({
      includes: ['layer:basic', 'layer:tools'],
      repo: 'https://example.com/demo',
      options: {
        basic: { packages: ['curl', 'git'], use_venv: true },
        tools: { verbose: true },
        demo: {},
      },
      is: 'demo',
    });
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });

  it('warns when the charm has no `repo`', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n' });
    const lines: string[] = [];
    await ws.build({ log: (line) => lines.push(line) });
    expect(lines).toContain(`warning: please add a \`repo\` key to ${ws.root}/demo/layer.yaml: the URL of the charm's source`);
  });

  it('does not warn when layer.yaml has the `repo` key, even empty (charm-tools asks only for the key)', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'repo:\nincludes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n' });
    const lines: string[] = [];
    await ws.build({ log: (line) => lines.push(line) });
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });

  it('records the Node.js version the charm needs for the hook stub (basic.node_major, basic.node_snap_channel)', async () => {
    const ws = workspace();
    ws.layer('basic', {
      ...BASIC,
      'layer.yaml': 'defines:\n  node_major: {type: integer, default: 20}\n  node_snap_channel: {type: string, default: 20/stable}\n',
    });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\noptions:\n  basic: {node_major: 22}\n', 'metadata.yaml': 'name: demo\n' });
    await ws.build();
    expect(read(ws.out, '.node-major')).toBe('22\n');
    expect(read(ws.out, '.node-channel')).toBe('20/stable\n');
  });
});

describe('option values failing their schema', () => {
  it('names the option, the problem and the layer.yaml that set it', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\noptions:\n  basic:\n    packages: x\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(`Invalid value for option basic.packages: "x" is not of type "array" (set in ${ws.root}/demo/layer.yaml)`);
  });

  it('lists every violation, nested ones with their index, on its own line', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.layer('mid', { 'layer.yaml': 'includes: [layer:basic]\noptions:\n  basic:\n    packages: [git, 7]\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:mid]\noptions:\n  basic:\n    use_venv: "yes"\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(
      [
        `Invalid value for option basic.packages[1]: 7 is not of type "string" (set in ${ws.layers}/mid/layer.yaml)`,
        `Invalid value for option basic.use_venv: "yes" is not of type "boolean" (set in ${ws.root}/demo/layer.yaml)`,
      ].join('\n'),
    );
  });

  it('a default that breaks its own schema names the layer that defines it', async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'layer.yaml': 'defines:\n  port: {type: integer, minimum: 1024, default: 80}\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(
      `Invalid value for option basic.port: 80 is less than the minimum of 1024 (the default from ${ws.layers}/basic/layer.yaml)`,
    );
  });

  it('options for a layer that is not part of the build', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\noptions:\n  nope: {a: 1}\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(`Options set for undefined layer(s): nope (in ${ws.root}/demo/layer.yaml)`);
  });

  it('unknown options of a known layer are allowed', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\noptions:\n  basic: {surprise: 1}\n', 'metadata.yaml': 'name: demo\n' });
    await ws.build();
    expect(readYAML(ws.out, 'layer.yaml').options.basic).toEqual({ surprise: 1, packages: [], use_venv: true });
  });

  it('options and defines of the wrong shape', async () => {
    const ws = workspace();
    ws.layer('basic', BASIC);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\noptions: [a]\n', 'metadata.yaml': 'name: demo\n' });
    expect((await ws.fail()).message).toBe(`${ws.root}/demo/layer.yaml: \`options\` must map layer names to mappings of option values`);
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\ndefines: {a: 1}\n' });
    expect((await ws.fail()).message).toBe(`${ws.root}/demo/layer.yaml: \`defines\` must map option names to JSON schemas`);
  });
});
