// Charms we did not write, in the simulator (#32 item 4): hooks that call the
// tools as charm-helpers and ops do (relation-set --help then --file, status-set
// --application=False, hook commands the simulator lacks), keep their own files
// in their unit's charm folder (charm-helpers' config snapshot, ops' and
// charm-helpers' .unit-state.db), look for jujud, fail with a Python traceback,
// and carry their metadata in a unified charmcraft.yaml.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTimeline, HOOK_TOOLS, loadCharm, runTool, Simulation, type ModelSpec, type ToolContext } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';
import { fixtureCharm } from './fixtures/charms.js';

const sh = (body: string) => ({ content: `#!/bin/bash\nset -e\n${body}\n`, mode: 0o755 });
const py = (body: string) => ({ content: `#!/usr/bin/env python3\n${body}\n`, mode: 0o755 });

/** A charm of plain hooks, written as charm-helpers' hookenv calls the tools. */
const helpersCharm = makeCharm({
  'metadata.yaml': 'name: helpers\nrequires:\n  db: {interface: pgsql}\n',
  'config.yaml': 'options:\n  n: {type: string, default: north}\n  yes: {type: int, default: 1}\n  colour: {type: string, default: blue}\n',
  // unitdata.kv(): SQLite at $UNIT_STATE_DB, else .unit-state.db in the charm folder.
  'hooks/install': sh('printf "SQLite format 3\\0%s\\n" "$JUJU_UNIT_NAME" >> "${UNIT_STATE_DB:-$CHARM_DIR/.unit-state.db}"'),
  // hookenv.config(): the previous config is kept in the charm folder; config.changed is "no snapshot yet" the first time.
  'hooks/config-changed': sh(
    [
      'config-get --all --format=json > "$CHARM_DIR/config-seen.json"',
      'if [ -e "$CHARM_DIR/.juju-persistent-config" ]; then seen=again; else seen=first; fi',
      'cp "$CHARM_DIR/config-seen.json" "$CHARM_DIR/.juju-persistent-config"',
      'status-set --application=False maintenance "config $seen"',
    ].join('\n'),
  ),
  // hookenv.relation_set(): --help tells whether --file is there, then the settings go as YAML in a file.
  'hooks/db-relation-joined': sh(
    [
      'relation-set --help | grep -q -- --file',
      "printf 'zip: 08544\\nthousand: 1e3\\noctal: 0o17\\nbig: 1234e56\\nanswer: yes\\nnothing: ~\\n' > settings.yaml",
      'relation-set --file settings.yaml',
    ].join('\n'),
  ),
  // A hook command the simulator does not answer: exit 1 and one line, not "command not found".
  'hooks/start': sh('if out=$(pod-spec-get 2>&1); then exit 1; else rc=$?; fi\nstatus-set active "rc=$rc $out"'),
  // juju_version(), behind has_juju_version() and network_get().
  'hooks/update-status': py(
    [
      'import glob, subprocess',
      "jujud = glob.glob('/var/lib/juju/tools/machine-*/jujud')[0]",
      "version = subprocess.check_output([jujud, 'version'], universal_newlines=True).strip()",
      "subprocess.check_call(['status-set', 'active', 'jujud ' + version])",
    ].join('\n'),
  ),
});

/** The other end: keeps what it reads of each helpers unit. */
const readerCharm = makeCharm({
  'metadata.yaml': 'name: reader\nprovides:\n  db: {interface: pgsql}\n',
  'hooks/db-relation-changed': sh('relation-get --format=json - "$JUJU_REMOTE_UNIT" > "$CHARM_DIR/from-${JUJU_REMOTE_UNIT/\\//-}.json"'),
});

function model(helpers = helpersCharm, units = 2): ModelSpec {
  return {
    applications: { helpers: { charm: helpers, units, config: {} }, reader: { charm: readerCharm, units: 1, config: {} } },
    relations: [['helpers:db', 'reader:db']],
  };
}

async function ran(spec: ModelSpec, state = join(tempDir(), 'state')): Promise<Simulation> {
  const sim = await Simulation.create(spec, state);
  const result = await sim.run();
  if (result.errors.length) console.log(formatTimeline(result.timeline));
  expect(result.errors).toEqual([]);
  return sim;
}

const charmFile = (sim: Simulation, unit: string, file: string) => readFileSync(join(sim.unitDir(unit), 'charm', file), 'utf8');

describe('a charm written with charm-helpers', () => {
  it('keeps its unit data in its own charm folder: no UNIT_STATE_DB is set, each unit and each model has its own copy (S1, S4, O2)', async () => {
    const first = await ran(model());
    expect(charmFile(first, 'helpers/0', '.unit-state.db')).toBe('SQLite format 3\0helpers/0\n');
    expect(charmFile(first, 'helpers/1', '.unit-state.db')).toBe('SQLite format 3\0helpers/1\n');
    expect(first.status().units['helpers/1']).toMatchObject({ status: 'active' });
    const configured = (sim: Simulation) => sim.history().filter((e) => e.hook === 'config-changed' && e.unit.startsWith('helpers/'));
    expect(configured(first).map((e) => `${e.unit} ${e.status.message}`)).toEqual(['helpers/0 config first', 'helpers/1 config first']);
    const second = await ran(model());
    expect(configured(second).map((e) => e.status.message)).toEqual(['config first', 'config first']);
    expect(existsSync(join(helpersCharm, '.juju-persistent-config'))).toBe(false);
    expect(existsSync(join(helpersCharm, '.unit-state.db'))).toBe(false);
  });

  it('publishes with relation-set --help and --file, whose values keep their text (S2, S3)', async () => {
    const sim = await ran(model(helpersCharm, 1));
    expect(JSON.parse(charmFile(sim, 'reader/0', 'from-helpers-0.json'))).toMatchObject({
      zip: '08544',
      thousand: '1e3',
      octal: '0o17',
      big: '1234e56',
      answer: 'yes',
    });
    expect(JSON.parse(charmFile(sim, 'reader/0', 'from-helpers-0.json'))).not.toHaveProperty('nothing');
  });

  it('reads options named n and yes by their names (F1), finds jujud (S5) and gets exit 1 from a hook command not simulated (S8)', async () => {
    const sim = await ran(model(helpersCharm, 1));
    expect(JSON.parse(charmFile(sim, 'helpers/0', 'config-seen.json'))).toEqual({ colour: 'blue', n: 'north', yes: 1 });
    expect(sim.status().units['helpers/0']).toMatchObject({ status: 'active', message: 'rc=1 ERROR pod-spec-get is not simulated' });
    sim.updateStatus(['helpers/0']);
    await sim.run();
    expect(sim.status().units['helpers/0']).toMatchObject({ status: 'active', message: 'jujud 3.6.11-ubuntu-amd64' });
  });

  it('fails a hook with the end of its Python traceback (S9)', async () => {
    const deep = Array.from({ length: 12 }, (_, i) => `def f${i}():\n    f${i + 1}()\n`).join('');
    const failing = makeCharm({
      'metadata.yaml': 'name: failing\n',
      'hooks/install': py(`${deep}def f12():\n    raise ValueError('the very last line')\nf0()`),
    });
    const sim = await Simulation.create({ applications: { failing: { charm: failing, units: 1, config: {} } }, relations: [] }, join(tempDir(), 'state'), {
      retries: 0,
    });
    const result = await sim.run();
    const error = result.timeline[0]!.error!;
    expect(error.split('\n')[0]).toBe('Traceback (most recent call last):');
    expect(error.split('\n').at(-1)).toBe('ValueError: the very last line');
    expect(error.split('\n')).toHaveLength(2 + 2 * 14);
    const shown = formatTimeline(result.timeline).trimEnd().split('\n');
    expect(shown[1]).toMatch(/^ +Traceback \(most recent call last\):$/);
    expect(shown.at(-1)).toMatch(/^ +ValueError: the very last line$/);
  });
});

describe('charms built elsewhere', () => {
  it('runs a prebuilt charm with a layer.yaml and no .build.manifest as it is (S6)', async () => {
    const prebuilt = makeCharm({
      'metadata.yaml': 'name: prebuilt\n',
      'layer.yaml': 'includes: [layer:basic]\n',
      'hooks/install': sh('status-set active "ran as built"'),
    });
    const state = join(tempDir(), 'state');
    const sim = await ran({ applications: { prebuilt: { charm: prebuilt, units: 1, config: {} } }, relations: [] }, state);
    expect(sim.status().units['prebuilt/0']).toMatchObject({ status: 'active', message: 'ran as built' });
    expect(existsSync(join(state, 'charms', 'prebuilt'))).toBe(false);
  });

  it('reads the metadata, config and actions of a unified charmcraft.yaml (O4)', async () => {
    const ops = makeCharm({
      'charmcraft.yaml': [
        'name: unified',
        'type: charm',
        'requires:',
        '  db: {interface: pgsql}',
        'config:',
        '  options:',
        '    greeting: {type: string, default: hi}',
        'actions:',
        '  wave: {description: waves}',
        '',
      ].join('\n'),
      'hooks/start': sh('status-set active "$(config-get greeting)"'),
      'actions/wave': sh('action-set waved=yes'),
    });
    const sim = await ran({
      applications: { unified: { charm: ops, units: 1, config: {} }, reader: { charm: readerCharm, units: 1, config: {} } },
      relations: [['unified:db', 'reader:db']],
    });
    expect(sim.status().units['unified/0']).toMatchObject({ status: 'active', message: 'hi' });
    expect(sim.status().relations).toHaveLength(1);
    expect((await sim.runAction('unified/0', 'wave')).results).toEqual({ waved: 'yes' });
  });

  it("gives a TypeScript charm's config() an option named n by its name (F1)", async () => {
    const ts = fixtureCharm('options');
    const sim = await ran({ applications: { options: { charm: ts, units: 1, config: {} } }, relations: [] });
    expect(sim.status().units['options/0']).toMatchObject({ status: 'active', message: 'n=north on=light' });
  });
});

describe('hook commands as Juju answers them', () => {
  async function ctxOf(unit: string): Promise<ToolContext> {
    const sim = await Simulation.create(model(helpersCharm, 2), join(tempDir(), 'state'));
    const view = sim.snapshot();
    view.units[unit]!.relations[0] = { joined: ['reader/0'] };
    view.relations[0]!.units['reader/0'] = { host: 'h' };
    const app = unit.split('/')[0]!;
    return {
      id: 'ctx',
      view,
      unit,
      app,
      hook: 'update-status',
      charm: loadCharm(helpersCharm, app),
      config: {},
      leader: view.applications[app]!.leader === unit,
      metrics: [],
      log: () => {},
    };
  }

  it('every hook command of Juju 3.6 is there, and prints its help with exit 0 for --help and -h (S2, S8)', async () => {
    const ctx = await ctxOf('helpers/0');
    for (const name of [
      'secret-add',
      'secret-get',
      'secret-info-get',
      'storage-get',
      'storage-list',
      'storage-add',
      'resource-get',
      'credential-get',
      'state-get',
      'state-set',
      'state-delete',
      'relation-model-get',
      'payload-register',
      'k8s-spec-set',
      'pod-spec-get',
    ])
      expect(HOOK_TOOLS, name).toContain(name);
    expect(HOOK_TOOLS).toHaveLength(50);
    for (const name of HOOK_TOOLS) {
      // add-metric is Juju 2.9's: a 3.6 model has no such command.
      ctx.view.juju = name === 'add-metric' ? '2.9' : '3.6';
      for (const flag of ['--help', '-h']) {
        const answer = runTool(ctx, name, ['-r', '0', flag].slice(name === 'relation-set' ? 0 : 2), null);
        expect(answer.code, `${name} ${flag}`).toBe(0);
        expect(answer.stdout, `${name} ${flag}`).toMatch(new RegExp(`^Usage: ${name} \\[options\\]`));
      }
    }
    expect(runTool(ctx, 'relation-set', ['--help'], null).stdout).toContain('--file');
    expect(runTool(ctx, 'payload-register', ['k8s', 'db', 'id'], null)).toEqual({ code: 1, stdout: '', stderr: 'ERROR payload-register is not simulated\n' });
  });

  it('boolean flags take the values of strconv.ParseBool, as --flag=value (O1)', async () => {
    const leader = await ctxOf('helpers/0');
    for (const value of ['1', 't', 'T', 'TRUE', 'true', 'True']) {
      expect(runTool(leader, 'status-set', [`--application=${value}`, 'blocked', value], null).code).toBe(0);
      expect(leader.view.applications.helpers!.status).toEqual({ status: 'blocked', message: value });
    }
    for (const value of ['0', 'f', 'F', 'FALSE', 'false', 'False']) {
      expect(runTool(leader, 'status-set', [`--application=${value}`, 'waiting', value], null).code).toBe(0);
      expect(leader.view.units['helpers/0']!.status).toEqual({ status: 'waiting', message: value });
    }
    expect(runTool(leader, 'status-set', ['--application=yes', 'active'], null)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ERROR invalid value "yes" for flag --application: strconv.ParseBool: parsing "yes": invalid syntax\n',
    });
  });

  it('relation-set --file keeps each value as written; relation-get of a unit not in the relation exits 1 (S3, S7)', async () => {
    const ctx = await ctxOf('helpers/0');
    const file = "zip: 08544\nthousand: 1e3\noctal: 0o17\nbig: 1234e56\non: off\nquoted: '007'\nempty:\nlines: |\n  a\n  b\n";
    expect(runTool(ctx, 'relation-set', ['-r', '0', '--file', '-'], file).code).toBe(0);
    expect(JSON.parse(runTool(ctx, 'relation-get', ['--format=json', '-r', '0', '-', 'helpers/0'], null).stdout)).toMatchObject({
      zip: '08544',
      thousand: '1e3',
      octal: '0o17',
      big: '1234e56',
      on: 'off',
      quoted: '007',
      lines: 'a\nb\n',
    });
    expect(runTool(ctx, 'relation-set', ['-r', '0', '--file', '-'], 'nested: {a: 1}\n')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ERROR cannot parse settings: stdin:1: the value of "nested" is not a string (a map)\n',
    });
    expect(runTool(ctx, 'relation-get', ['--format=json', '-r', '0', '-', 'other/0'], null)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ERROR permission denied\n',
    });
    expect(runTool(ctx, 'relation-get', ['--format=json', '-r', '0', '-', 'reader/7'], null)).toMatchObject({ code: 1 });
  });
});
