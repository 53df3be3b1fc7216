// relation_call (through @reactive/endpoints), relation_id and layer_option.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { cli, newStatePath, readState } from './helpers.js';

const MYSQL_REQUIRES = `
import { Endpoint } from '@reactive/endpoints';
export class MysqlRequires extends Endpoint {
  connection_string(user = 'app') { return 'mysql://' + user + '@db.example/app'; }
  hosts() { return ['db-0', 'db-1']; }
  info() { return { host: 'db-0', port: 3306, tls: false }; }
  nothing() { return undefined; }
  async broken() { throw new Error('the database is on fire'); }
}
`;

/**
 * Fake hook tools answering by their arguments: `db` has relations db:3 (with
 * mysql/0) and db:4 (with other/0); relation-get prints the settings.
 */
function relationTools(): { dir: string } {
  const dir = tempDir('reactive-tools-');
  const log = join(dir, 'calls.log');
  writeFileSync(log, '');
  const tool = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/bin/sh\necho "${name} $*" >> '${log}'\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  tool('relation-ids', `case "$*" in *db) echo '["db:3", "db:4"]' ;; *) echo '[]' ;; esac`);
  tool('relation-list', `case "$*" in *db:3*) echo '["mysql/0"]' ;; *db:4*) echo '["other/0"]' ;; *) echo '[]' ;; esac`);
  tool('relation-get', `echo '{"host": "db-0"}'`);
  tool('juju-log', '');
  return { dir };
}

function charm() {
  const dir = makeCharm({
    'package.json': '{"type": "module"}',
    'metadata.yaml': 'name: app\nrequires:\n  db:\n    interface: mysql\n',
    'hooks/relations/mysql/requires.js': MYSQL_REQUIRES,
    'layer.yaml':
      'options:\n  basic:\n    use_venv: true\n    packages: [git, curl]\n    include_system_packages: false\n    name: basic layer\n    port: 8080\n    extra: {a: 1}\n',
  });
  const tools = relationTools();
  const state = newStatePath();
  const env = {
    JUJU_CHARM_DIR: dir,
    JUJU_UNIT_NAME: 'app/0',
    JUJU_HOOK_NAME: 'config-changed',
    UNIT_STATE_DB: state,
    PATH: `${tools.dir}:${process.env.PATH}`,
  };
  const run = (...args: string[]) => cli(args, env, { cwd: dir });
  return { dir, state, tools, run };
}

describe('relation_call', () => {
  it('calls a method of the Endpoint found by --relation_name, with string arguments, and prints the result', () => {
    const { run } = charm();
    expect(run('relation_call', '--relation_name', 'db', 'connection_string')).toEqual({ status: 0, stdout: 'mysql://app@db.example/app', stderr: '' });
    expect(run('relation_call', '--relation_name=db', 'connection_string', 'bob').stdout).toBe('mysql://bob@db.example/app');
    expect(run('relation_call', '--relation_name', 'db', 'hosts').stdout).toBe('db-0\ndb-1');
    expect(run('relation_call', '--relation_name', 'db', 'info').stdout).toBe("{'host': 'db-0', 'port': 3306, 'tls': False}");
    expect(run('-j', 'relation_call', '--relation_name', 'db', 'info').stdout).toBe('{"host": "db-0", "port": 3306, "tls": false}');
    expect(JSON.parse(run('-j', 'relation_call', '--relation_name', 'db', 'info').stdout)).toEqual({ host: 'db-0', port: 3306, tls: false });
    expect(run('relation_call', '--relation_name', 'db', 'nothing').stdout).toBe('None');
  });

  it('finds the relation by --flag (or the deprecated --state) when the flag is set', () => {
    const { run } = charm();
    expect(run('relation_call', '--flag', 'db.database.available', 'connection_string').status).toBe(1);
    run('set_flag', 'db.database.available');
    expect(run('relation_call', '--flag', 'db.database.available', 'connection_string').stdout).toBe('mysql://app@db.example/app');
    expect(run('relation_call', '--state', 'db.database.available', 'connection_string', 'x').stdout).toBe('mysql://x@db.example/app');
  });

  it('an unknown relation or method, or a method that throws: one line, exit 1, nothing written', async () => {
    const { run, state } = charm();
    run('set_flag', 'keep');
    const before = await readState(state);
    const unknown = run('relation_call', '--relation_name', 'nope', 'connection_string');
    expect(unknown).toEqual({ status: 1, stdout: '', stderr: 'charms.reactive relation_call: Relation not found: nope\n' });
    const method = run('relation_call', '--relation_name', 'db', 'drop_tables');
    expect(method.status).toBe(1);
    expect(method.stderr).toMatch(/^charms\.reactive relation_call: .*has no method drop_tables\n$/);
    const broken = run('relation_call', '--relation_name', 'db', 'broken');
    expect(broken).toEqual({ status: 1, stdout: '', stderr: 'charms.reactive relation_call: the database is on fire\n' });
    expect(await readState(state)).toEqual(before);
  });

  it("needs --relation_name or --flag (exit 1 with Python's message); there is no --name option", () => {
    const { run } = charm();
    const neither = run('relation_call', 'connection_string');
    expect(neither).toEqual({ status: 1, stdout: '', stderr: 'charms.reactive relation_call: Must specify either relation_name or flag\n' });
    const name = run('relation_call', '--name', 'db', 'connection_string');
    expect(name.status).toBe(2);
    expect(name.stderr).toMatch(/unknown option '--name'/);
  });
});

describe('relation_id', () => {
  it("prints the id of the relation with the unit's application", () => {
    const { run } = charm();
    expect(run('relation_id', 'db', 'mysql/0')).toEqual({ status: 0, stdout: 'db:3\n', stderr: '' });
    expect(run('relation_id', 'db', 'other/1').stdout).toBe('db:4\n');
    expect(run('relation_id', 'db', 'none/0')).toEqual({ status: 1, stdout: '', stderr: 'charms.reactive relation_id: no db relation with none\n' });
  });

  it("without arguments, prints the current relation's id", () => {
    expect(cli(['relation_id'], { JUJU_RELATION_ID: 'db:7' }).stdout).toBe('db:7\n');
    expect(cli(['relation_id']).status).toBe(1);
    expect(cli(['relation_id', 'db']).status).toBe(2);
  });
});

describe('layer_option', () => {
  it('answers a boolean with the exit status, a list one item per line, anything else as Python prints it', () => {
    const { run } = charm();
    expect(run('layer_option', 'basic', 'use_venv')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(run('layer_option', 'basic', 'include_system_packages')).toEqual({ status: 1, stdout: '', stderr: '' });
    expect(run('layer_option', 'basic', 'packages').stdout).toBe('git\ncurl\n');
    expect(run('layer_option', 'basic', 'name').stdout).toBe('basic layer\n');
    expect(run('layer_option', 'basic', 'port').stdout).toBe('8080\n');
    expect(run('layer_option', 'basic', 'extra').stdout).toBe("{'a': 1}\n");
    expect(run('layer_option', 'basic', 'missing')).toEqual({ status: 0, stdout: 'None\n', stderr: '' });
    expect(run('layer_option', 'nosuchlayer', 'x').stdout).toBe('None\n');
  });

  it('reads layer.yaml as Juju and charm-tools do: YAML 1.1, so yes and off are booleans', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'layer.yaml'), 'options:\n  mine:\n    debug: yes\n    verbose: off\n');
    expect(cli(['layer_option', 'mine', 'debug'], { JUJU_CHARM_DIR: dir })).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(cli(['layer_option', 'mine', 'verbose'], { JUJU_CHARM_DIR: dir })).toEqual({ status: 1, stdout: '', stderr: '' });
  });

  it('a missing or malformed layer.yaml: one line, exit 1', () => {
    const dir = tempDir();
    expect(cli(['layer_option', 'basic', 'x'], { JUJU_CHARM_DIR: dir })).toEqual({
      status: 1,
      stdout: '',
      stderr: `charms.reactive layer_option: cannot read ${join(dir, 'layer.yaml')}: ENOENT\n`,
    });
    writeFileSync(join(dir, 'layer.yaml'), 'options: [unclosed\n');
    const bad = cli(['layer_option', 'basic', 'x'], { JUJU_CHARM_DIR: dir });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^charms\.reactive layer_option: .*layer\.yaml:2:1: malformed YAML: .*\n$/);
  });
});

describe("a charms.reactive that is not the charm's own copy", () => {
  it("hands the command to the charm's own @reactive/cli, outside a hook too", async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDir } = await import('../../../test-fixtures/temp.mjs');
    const charm = tempDir('reactive-charm-');
    const own = join(charm, 'node_modules', '@reactive', 'cli');
    mkdirSync(own, { recursive: true });
    writeFileSync(join(own, 'package.json'), JSON.stringify({ name: '@reactive/cli', version: '9.9.9', type: 'module', exports: { '.': './bundle.js' } }));
    writeFileSync(join(own, 'bundle.js'), "export async function run(argv) { process.stdout.write('charm copy: ' + argv.join(' ')); return 0; }\n");
    expect(cli(['relation_call', '--relation_name', 'db', 'host'], { JUJU_CHARM_DIR: charm })).toEqual({
      status: 0,
      stdout: 'charm copy: relation_call --relation_name db host',
      stderr: '',
    });
  });
});
