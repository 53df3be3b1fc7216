// `reactive graph` and `reactive lint`: a charm's handlers and flags from
// discovery alone (no hook runs), on the fixture charm (chained handlers, an
// endpoint, a bash handler) and on a charm with every kind of finding.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { cli } from './helpers.js';

const root = join(import.meta.dirname, '..', '..', '..');
const charm = join(root, 'test-fixtures', 'why-charm');
const env = { INTERFACE_PATH: join(root, 'examples', 'interfaces') };

describe('reactive graph', () => {
  it('dot: a box per handler, an ellipse per flag, an edge per read (dashed for when_not), set and clear', () => {
    const { status, stdout, stderr } = cli(['graph', charm], env);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^digraph reactive \{\n/);
    expect(stdout).toMatch(/"reactive\/app\.js:\d+:install" \[shape=box, label="reactive\/app\.js:\d+:install\\nhook install"\];/);
    expect(stdout).toContain('"app.installed" [shape=ellipse];');
    expect(stdout).toMatch(/"app\.installed" -> "reactive\/app\.js:\d+:configure" \[label="when"\];/);
    expect(stdout).toMatch(/"app\.configured" -> "reactive\/app\.js:\d+:configure" \[label="when_not", style=dashed\];/);
    expect(stdout).toMatch(/"reactive\/app\.js:\d+:start" -> "app\.started" \[label="set"\];/);
    expect(stdout).toMatch(/"reactive\/app\.js:\d+:start" -> "app\.waiting" \[label="clear", style=dashed\];/);
    // The bash handler, read from its @when lines and its set_flag call.
    expect(stdout).toContain('"app.started" -> "reactive/notify.sh:notify" [label="when"];');
    expect(stdout).toContain('"reactive/notify.sh:notify" -> "app.notified" [label="set"];');
  });

  it('mermaid: the same graph as a flowchart', () => {
    const { status, stdout } = cli(['graph', charm, '--format', 'mermaid'], env);
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    const id = (label: string) =>
      lines
        .find((line) => line.includes(`"${label}"`))!
        .trim()
        .split(/[[(]/)[0];
    expect(lines).toContain(`  ${id('app.installed')} -->|when| ${id(lines.find((l) => l.includes(':configure"'))!.split('"')[1]!)}`);
    expect(stdout).toMatch(/-\.->\|when_not\|/);
  });

  it('runs no hook and leaves no unit state; a folder without reactive/ and a bad --format are errors', () => {
    cli(['graph', charm], env);
    expect(existsSync(join(charm, '.unit-state.lmdb'))).toBe(false);
    expect(cli(['graph', root])).toEqual({ status: 2, stdout: '', stderr: `charms.reactive graph: ${root}: not a reactive charm (no reactive/ folder)\n` });
    expect(cli(['graph', charm, '--format', 'png'], env).status).toBe(2);
  });
});

describe('reactive lint', () => {
  it('finds nothing in the fixture charm (its endpoint and layer:basic set the flags it reads): exit 0', () => {
    expect(cli(['lint', charm], env)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('one line per finding, exit 1', () => {
    const dir = makeCharm({
      'metadata.yaml': 'name: linted\nrequires:\n  db:\n    interface: pgsql\n',
      'config.yaml': 'options:\n  admin-pass: {type: string, default: ""}\n',
      'reactive/app.js': `import { setFlag } from '@reactive/flags';
import { when, whenNot } from '@reactive/bus';
when('never.set')(function waitsForever() {});
when('x')(whenNot('x')(function contradicts() { setFlag('x'); }));
when('config.set.admin_pass')(function wrongOption() {});
when('endpoint.database.joined')(function wrongEndpoint() {});
when('{relation_name}.ready')(function pythonPlaceholder() {});
when('endpoint.db.joined', 'config.set.admin-pass')(function fine() { setFlag('app.ready'); });
whenNot('app.ready')(function alsoFine() {});
`,
      'reactive/mixed.js': `import { hook, when } from '@reactive/bus';
hook('install')(when('a')(function both() {}));
`,
      'reactive/notify.bash': { content: '#!/bin/bash\nexit 0\n', mode: 0o755 },
    });
    const { status, stdout, stderr } = cli(['lint', dir]);
    expect(stderr).toBe('');
    expect(status).toBe(1);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.replace(/:\d+:/, ':N:'));
    expect(lines).toEqual([
      'reactive/mixed.js: cannot load handler module: handler both: hook() cannot be combined with when*(): they run in different phases',
      'reactive/notify.bash is executable, but charms.reactive runs only executables named with no extension or .sh (not .bash): rename it',
      'reactive/app.js:N:waitsForever: reads flag never.set, which nothing sets: the handler can never run',
      'reactive/app.js:N:contradicts: needs flag x both set and not set: the handler can never run',
      'reactive/app.js:N:wrongOption: flag config.set.admin_pass: config.yaml has no option admin_pass (it has admin-pass)',
      'reactive/app.js:N:wrongEndpoint: flag endpoint.database.joined: metadata.yaml has no endpoint database',
      "reactive/app.js:N:pythonPlaceholder: flag {relation_name}.ready: {relation_name} is the Python RelationBase's placeholder; an Endpoint's handlers use {endpoint_name}",
      'reactive/mixed.js:N:both: reads flag a, which nothing sets: the handler can never run',
    ]);
  });

  it('flags layer:basic sets for secret and storage hooks are not findings; a storage metadata.yaml lacks is', () => {
    const dir = makeCharm({
      'metadata.yaml': 'name: linted\nstorage:\n  data: {type: filesystem}\n',
      'reactive/app.js': `import { when } from '@reactive/bus';
when('storage.attached.data')(function attached() {});
when('storage.detaching.data')(function detaching() {});
when('secret.changed')(function changed() {});
when('secret.rotate.db-password')(function rotate() {});
when('storage.attached.logs')(function noSuchStorage() {});
when('secret.changes')(function noSuchEvent() {});
`,
    });
    const { status, stdout } = cli(['lint', dir]);
    expect(stdout.replaceAll(/:\d+:/g, ':N:')).toBe(
      'reactive/app.js:N:noSuchStorage: reads flag storage.attached.logs, which nothing sets: the handler can never run\n' +
        'reactive/app.js:N:noSuchEvent: reads flag secret.changes, which nothing sets: the handler can never run\n',
    );
    expect(status).toBe(1);
  });

  it("a charm layer whose handler imports a package the built charm does not carry: the build's one line, exit 1", () => {
    const dir = makeCharm({
      'layer.yaml': 'includes: [layer:basic]\n',
      'metadata.yaml': 'name: linted\n',
      'package.json': JSON.stringify({ type: 'module', devDependencies: { '@reactive/cli': '0.1.0' } }),
      'reactive/app.js': "import { when } from '@reactive/bus';\nimport { main } from '@reactive/cli';\nwhen('x')(main);\n",
    });
    expect(cli(['lint', dir])).toEqual({
      status: 1,
      stdout: '',
      stderr:
        `charms.reactive lint: ${dir}: cannot build the layer (${dir}/reactive/app.js:2:22: imports "@reactive/cli", which the built charm does not carry: ` +
        `it is a devDependency (${dir}/package.json); move it to "dependencies" there)\n`,
    });
  });

  it("a charm layer whose config.yaml, metadata.yaml or actions.yaml Juju refuses: the build's one line naming the layer's file and line, exit 1", () => {
    const layer = (files: Record<string, string>) =>
      makeCharm({ 'layer.yaml': 'includes: [layer:basic]\n', 'metadata.yaml': 'name: linted\n', 'reactive/app.js': 'export {};\n', ...files });
    const lint = (dir: string) => cli(['lint', dir]).stderr.replace(`charms.reactive lint: ${dir}: cannot build the layer (${dir}/`, '');
    expect(lint(layer({ 'config.yaml': 'options:\n  ratio:\n    type: float\n    default: 1\n' }))).toBe(
      'config.yaml:4: option "ratio" is of type float, and its default 1 is not a float (Juju reads 1 as an int: write 1.0))\n',
    );
    expect(lint(layer({ 'metadata.yaml': 'name: linted\nrequires:\n  db: {interface: pgsql, scope: cluster}\n' }))).toBe(
      'metadata.yaml:3: relation "db" (under requires): scope "cluster" is not global or container)\n',
    );
    const actions = layer({ 'actions.yaml': 'backup:\n  params:\n    to: {type: path}\n' });
    expect(cli(['lint', actions]).status).toBe(1);
    expect(lint(actions)).toBe(
      'actions.yaml:3: action "backup": parameter "to": type "path" is not a JSON Schema type (string, number, integer, boolean, object, array, null))\n',
    );
  });

  it('a folder without reactive/: one line, exit 2', () => {
    const dir = makeCharm({ 'metadata.yaml': 'name: x\n' });
    expect(cli(['lint', dir])).toEqual({ status: 2, stdout: '', stderr: `charms.reactive lint: ${dir}: not a reactive charm (no reactive/ folder)\n` });
  });
});
