// build and pack check config.yaml, metadata.yaml and actions.yaml as Juju and charmcraft read them,
// naming the layer's file and line, and write nothing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildError, pack } from '@reactive/build';
import { BASIC, workspace, type Files } from './fixtures/build/workspace.js';

const METADATA = 'name: demo\nsummary: s\ndescription: d\nseries: [jammy]\n';

/** The one line a build of a charm layer with `files` fails with (the output folder untouched), its file shortened to demo/... */
async function buildFailure(files: Files): Promise<string> {
  const ws = workspace();
  ws.layer('basic', BASIC);
  ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': METADATA, ...files });
  const error = await ws.fail({ vendor: false });
  expect(existsSync(ws.out)).toBe(false);
  expect(error.message).not.toContain('\n');
  return error.message.replaceAll(`${ws.root}/`, '');
}

async function packFailure(files: Files): Promise<string> {
  const ws = workspace();
  ws.layer('basic', BASIC);
  ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': METADATA, ...files });
  const output = join(ws.root, 'demo.charm');
  const error = await pack({ source: join(ws.root, 'demo'), output, layerPath: [ws.layers] }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BuildError);
  expect(existsSync(output)).toBe(false);
  return (error as Error).message.replaceAll(`${ws.root}/`, '');
}

describe('config.yaml, as Juju reads it', () => {
  it('refuses a float default written as an int, and an int default written as a float (yaml.v2 reads 80 as an int, 8.0 as a float)', async () => {
    expect(await buildFailure({ 'config.yaml': 'options:\n  ratio:\n    type: float\n    default: 1\n' })).toBe(
      'demo/config.yaml:4: option "ratio" is of type float, and its default 1 is not a float (Juju reads 1 as an int: write 1.0)',
    );
    expect(await buildFailure({ 'config.yaml': 'options:\n  port: {type: int, default: 8.0}\n' })).toBe(
      'demo/config.yaml:2: option "port" is of type int, and its default 8.0 is not an int (Juju reads 8.0 as a float)',
    );
  });

  it('refuses a key an option does not have, a description that is not a string, and a secret default that is not a secret URI', async () => {
    expect(await buildFailure({ 'config.yaml': 'options:\n  port:\n    type: int\n    defualt: 80\n' })).toBe(
      'demo/config.yaml:4: option "port" has the unknown key "defualt" (an option has type, description, default)',
    );
    expect(await buildFailure({ 'config.yaml': 'options:\n  port: {type: int, description: [a]}\n' })).toBe(
      'demo/config.yaml:2: option "port": its description must be a string',
    );
    expect(await buildFailure({ 'config.yaml': 'options:\n  token: {type: secret, default: hunter2}\n' })).toBe(
      'demo/config.yaml:2: option "token" is of type secret, and its default "hunter2" is not a secret URI (secret:...)',
    );
  });

  it('refuses a config.yaml without options (Juju: "empty configuration") and a key beside them', async () => {
    expect(await buildFailure({ 'config.yaml': '# nothing yet\n' })).toBe(
      'demo/config.yaml: no `options`: Juju refuses a config.yaml without them ("empty configuration"); write options: {} or remove the file',
    );
    expect(await buildFailure({ 'config.yaml': 'options: {}\noption:\n  port: {type: int}\n' })).toBe(
      'demo/config.yaml:2: unknown key "option": a config.yaml holds `options` only',
    );
  });

  it('pack refuses `type: integer` and a default of the wrong type in the layer file, before writing the archive', async () => {
    expect(await packFailure({ 'config.yaml': 'options:\n  port:\n    type: integer\n    default: 80\n' })).toBe(
      `demo/config.yaml:3: option "port" has the unknown type "integer" (Juju's are string, int, float, boolean, secret)`,
    );
    expect(await packFailure({ 'config.yaml': 'options:\n  port:\n    type: int\n    default: eighty\n' })).toBe(
      'demo/config.yaml:4: option "port" is of type int, and its default "eighty" is not an int',
    );
  });
});

describe('metadata.yaml, as Juju reads it', () => {
  it("refuses a relation's bad scope, a missing interface, a reserved name and a duplicate, naming the layer that wrote it", async () => {
    expect(await buildFailure({ 'metadata.yaml': `${METADATA}requires:\n  db:\n    interface: pgsql\n    scope: cluster\n` })).toBe(
      'demo/metadata.yaml:8: relation "db" (under requires): scope "cluster" is not global or container',
    );
    expect(await buildFailure({ 'metadata.yaml': `${METADATA}provides:\n  website:\n    limit: 1\n` })).toBe(
      'demo/metadata.yaml:6: relation "website" (under provides) needs an `interface` (a string)',
    );
    expect(await buildFailure({ 'metadata.yaml': `${METADATA}provides:\n  juju-info: juju-info\n` })).toBe(
      'demo/metadata.yaml:6: relation "juju-info" (under provides): the name "juju" and the prefix "juju-" are reserved by Juju',
    );
    expect(await buildFailure({ 'metadata.yaml': `${METADATA}provides:\n  db: pgsql\npeers:\n  db: pgsql-peer\n` })).toBe(
      'demo/metadata.yaml:8: relation "db" (under peers): another relation has the same name (under provides), and Juju refuses two relations of one name',
    );
    // The rules the hooks read metadata.yaml by (@reactive/bus's checkRelationSections), with the line.
    expect(await buildFailure({ 'metadata.yaml': `${METADATA}requires: mysql\n` })).toBe(
      'demo/metadata.yaml:5: `requires` must map relation names to their interface, not the string "mysql"',
    );
  });

  it('refuses a subordinate without a container relation, bad storage and v1 keys beside v2 ones', async () => {
    expect(await buildFailure({ 'metadata.yaml': `${METADATA}subordinate: true\nrequires:\n  host: juju-info\n` })).toBe(
      'demo/metadata.yaml:5: a subordinate charm needs a `requires` relation with scope: container',
    );
    expect(await buildFailure({ 'metadata.yaml': `${METADATA}storage:\n  data:\n    type: disk\n` })).toBe(
      'demo/metadata.yaml:7: storage "data": type must be filesystem or block',
    );
    expect(await buildFailure({ 'metadata.yaml': `${METADATA}assumes: [juju]\n` })).toBe(
      'demo/metadata.yaml:4: `series` cannot be used with `assumes`: Juju refuses metadata that mixes both formats',
    );
  });

  it('names the lower layer whose metadata.yaml wrote the key at fault', async () => {
    const ws = workspace();
    ws.layer('basic', { ...BASIC, 'metadata.yaml': 'requires:\n  db: {interface: pgsql, optional: maybe}\n' });
    ws.charm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': METADATA });
    expect((await ws.fail({ vendor: false })).message).toBe(
      `${ws.layers}/basic/metadata.yaml:2: relation "db" (under requires): optional must be true or false`,
    );
  });

  it('pack refuses a charm without a summary or description, which Juju will not deploy (a build for the Harness does without)', async () => {
    expect(await packFailure({ 'metadata.yaml': 'name: demo\ndescription: d\nseries: [jammy]\n' })).toBe(
      'demo/metadata.yaml:1: no `summary`: Juju refuses to deploy a charm without one',
    );
  });
});

describe('actions.yaml, as Juju reads it', () => {
  it('refuses a bad action name, a param of an unknown type and a $ref', async () => {
    expect(await buildFailure({ 'actions.yaml': 'Backup_Now:\n  description: d\n' })).toBe(
      'demo/actions.yaml:1: action "Backup_Now": an action name is lowercase letters, digits and "-", starting and ending with a letter or digit',
    );
    expect(await buildFailure({ 'actions.yaml': 'backup:\n  description: d\n  params:\n    target:\n      type: path\n' })).toBe(
      'demo/actions.yaml:5: action "backup": parameter "target": type "path" is not a JSON Schema type (string, number, integer, boolean, object, array, null)',
    );
    expect(await buildFailure({ 'actions.yaml': 'backup:\n  description: d\n  params:\n    target:\n      $ref: "#/x"\n' })).toBe(
      'demo/actions.yaml:5: action "backup": Juju does not accept $ref in an action\'s schema',
    );
  });

  it('pack refuses an action without a description, which charmcraft requires', async () => {
    expect(await packFailure({ 'actions.yaml': 'backup:\n  params: {}\n' })).toBe(
      'demo/actions.yaml:1: action "backup" has no description, which charmcraft requires',
    );
  });
});
