// The simulator's model and hook tools without running hooks: the model file,
// the order hooks are queued in, the refusals, every tool's command line,
// output and errors, and the agent protocol (bin/hook-tool.mjs, hookenv's socket runner).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SocketToolRunner } from '@reactive/hookenv';
import {
  UnitAgentServer,
  formatTimeline,
  loadCharm,
  loadModelFile,
  ModelError,
  parseModel,
  parseSetArgument,
  runTool,
  Simulation,
  type ModelSpec,
  type ToolContext,
} from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const HOOK_TOOL = join(import.meta.dirname, '..', 'bin', 'hook-tool.mjs');

function charm(metadata: string, config = ''): string {
  return makeCharm({ 'metadata.yaml': metadata, ...(config ? { 'config.yaml': config } : {}) });
}

const appCharm = charm(
  'name: app\nrequires:\n  db: {interface: pgsql}\n  cache: {interface: redis}\nprovides:\n  website: http\npeers:\n  cluster: {interface: app-peers}\n',
  'options:\n  name: {type: string, default: hello}\n  port: {type: int, default: 80}\n  debug: {type: boolean, default: false}\n  secret: {type: string}\n',
);
const dbCharm = charm('name: db\nprovides:\n  database: {interface: pgsql}\n  other: {interface: mysql}\n');

function spec(extra: Partial<ModelSpec> = {}): ModelSpec {
  return {
    applications: { app: { charm: appCharm, units: 2, config: { name: 'x' } }, db: { charm: dbCharm, units: 1, config: {} } },
    relations: [['app:db', 'db:database']],
    ...extra,
  };
}

async function newSim(s: ModelSpec = spec()): Promise<Simulation> {
  return Simulation.create(s, join(tempDir(), 'state'));
}

/** A hook context for `unit` over the model as it is, with the relation membership given. */
function context(
  sim: Simulation,
  unit: string,
  opts: Partial<ToolContext> & { joined?: Record<number, string[]>; relationId?: number } = {},
): ToolContext & { logs: string[] } {
  const view = sim.snapshot();
  for (const [id, units] of Object.entries(opts.joined ?? {})) view.units[unit]!.relations[id] = { joined: units };
  const app = unit.split('/')[0]!;
  const logs: string[] = [];
  const relation = opts.relationId === undefined ? undefined : view.relations.find((r) => r.id === opts.relationId);
  return {
    id: 'ctx',
    view,
    unit,
    app,
    hook: 'config-changed',
    charm: loadCharm(view.applications[app]!.charm, app),
    config: sim.status().applications[app]!.config,
    leader: view.applications[app]!.leader === unit,
    metrics: [],
    log: (level, message) => logs.push(`${level} ${message}`),
    ...(relation ? { relation } : {}),
    ...opts,
    logs,
  };
}

function tool(ctx: ToolContext, line: string[], stdin: string | null = null) {
  return runTool(ctx, line[0]!, line.slice(1), stdin);
}

describe('the model file', () => {
  it('reads YAML with charm paths relative to the file, units defaulting to 1', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'charms'));
    writeFileSync(
      join(dir, 'model.yaml'),
      'name: demo\nseed: 3\napplications:\n  my-app: {charm: ./charms/my-app, units: 2, config: {admin-pass: secret}}\n  db:\n    charm: charms/db\nrelations:\n  - [my-app:db, db:database]\n',
    );
    expect(loadModelFile(join(dir, 'model.yaml'))).toEqual({
      name: 'demo',
      seed: 3,
      applications: {
        'my-app': { charm: join(dir, 'charms', 'my-app'), charmSpelled: './charms/my-app', units: 2, config: { 'admin-pass': 'secret' } },
        db: { charm: join(dir, 'charms', 'db'), charmSpelled: 'charms/db', units: 1, config: {} },
      },
      relations: [['my-app:db', 'db:database']],
    });
  });

  it.each([
    ['applications: []', /"applications" must map application names/],
    ['applications: {Bad_Name: {charm: x}}', /"Bad_Name" is not a valid application name/],
    ['applications: {a: {charm: x, unit: 2}}', /application "a": unknown key "unit"/],
    ['applications: {a: {charm: x, units: -1}}', /"units" must be an integer from 0 to 100/],
    ['applications: {a: {charm: x}}\nrelations: [[a:db]]', /relation 1 must be a pair/],
    ['applications: {a: {charm: x}}\nrelatoins: []', /unknown key "relatoins"/],
    ['applications: {a: {charm: x}\n', /malformed YAML/],
  ])('refuses %j', (text, message) => {
    expect(() => parseModel(text, { source: 'model.yaml' })).toThrow(message);
  });

  it('parses --set arguments', async () => {
    expect(parseSetArgument('my-app.admin-pass=a=b')).toEqual({ app: 'my-app', option: 'admin-pass', value: 'a=b' });
    expect(() => parseSetArgument('my-app=3')).toThrow(/expected app.option=value/);
  });
});

describe('a new model', () => {
  it('numbers relations model-wide, the same number on both sides, peers first', async () => {
    const status = (await newSim()).status();
    expect(status.relations.map((r) => [r.id, r.ids, r.interface, r.peer])).toEqual([
      [0, { app: 'cluster:0' }, 'app-peers', true],
      [1, { app: 'db:1', db: 'database:1' }, 'pgsql', false],
    ]);
    expect(status.applications.app!.leader).toBe('app/0');
    expect(status.applications.app!.config).toEqual({ name: 'x', port: 80, debug: false, secret: null });
    // Juju fills in each unit's addresses when it enters a relation.
    expect(status.relations[1]!.units['db/0']).toEqual({ 'egress-subnets': '10.0.0.4/32', 'ingress-address': '10.0.0.4', 'private-address': '10.0.0.4' });
  });

  it("queues Juju's order: install, relation-created, leader-elected or leader-settings-changed, config-changed, start, then joined and changed per remote unit", async () => {
    const pending = (await newSim()).status().pending;
    const of = (unit: string) => pending.filter((p) => p.startsWith(`${unit} `)).map((p) => p.slice(unit.length + 1));
    expect(of('app/0')).toEqual([
      'install',
      'cluster-relation-created (cluster:0)',
      'db-relation-created (db:1)',
      'leader-elected',
      'config-changed',
      'start',
      'cluster-relation-joined (cluster:0 from app/1)',
      'cluster-relation-changed (cluster:0 from app/1)',
      'db-relation-joined (db:1 from db/0)',
      'db-relation-changed (db:1 from db/0)',
    ]);
    expect(of('app/1').slice(0, 6)).toEqual([
      'install',
      'cluster-relation-created (cluster:0)',
      'db-relation-created (db:1)',
      'leader-settings-changed',
      'config-changed',
      'start',
    ]);
    expect(of('db/0')).toEqual([
      'install',
      'database-relation-created (database:1)',
      'leader-elected',
      'config-changed',
      'start',
      'database-relation-joined (database:1 from app/0)',
      'database-relation-changed (database:1 from app/0)',
      'database-relation-joined (database:1 from app/1)',
      'database-relation-changed (database:1 from app/1)',
    ]);
  });

  it('infers endpoints when only one pair matches, and refuses ambiguity', async () => {
    const sim = await newSim(spec({ relations: [['app', 'db']] }));
    expect(sim.status().relations[1]!.endpoints).toEqual(['app:db', 'db:database']);
    expect(() => sim.addRelation('app', 'db')).toThrow(/app:db and db:database are already related \(db:1\)/);
  });
});

describe('refusals', () => {
  it('refuses endpoints with different interfaces, naming both sides', async () => {
    await expect(newSim(spec({ relations: [['app:db', 'db:other']] }))).rejects.toThrow(
      'cannot relate app:db (interface "pgsql") to db:other (interface "mysql"): the interfaces differ',
    );
  });

  it('refuses unknown endpoints, listing the ones there are', async () => {
    await expect(newSim(spec({ relations: [['app:dbx', 'db:database']] }))).rejects.toThrow(
      'cannot relate app:dbx to db:database: application "app" (charm app) has no endpoint "dbx"; its endpoints: website (provides http), db (requires pgsql), cache (requires redis), cluster (peers app-peers)',
    );
  });

  it('refuses two provides endpoints, peers, an application with itself, unknown applications', async () => {
    const sim = await newSim(spec({ relations: [] }));
    expect(() => sim.addRelation('app:website', 'db:database')).toThrow(/interfaces differ/);
    expect(() => sim.addRelation('app:cluster', 'db:database')).toThrow(/app:cluster is a peer endpoint/);
    expect(() => sim.addRelation('app:db', 'app:website')).toThrow(/cannot be related to itself/);
    expect(() => sim.addRelation('app:db', 'nope:database')).toThrow(/no application "nope" in the model \(applications: app, db\)/);
    expect(() => sim.addRelation('app', 'db:other')).toThrow(/no endpoints of the two with the same interface/);
  });

  it('refuses an unknown charm path, naming the application and the path', async () => {
    const model = parseModel('applications:\n  db: {charm: ./no/such/charm}\n', { baseDir: '/srv/models', source: 'model.yaml' });
    await expect(newSim(model)).rejects.toThrow(new ModelError('application "db": no charm at ./no/such/charm (/srv/models/no/such/charm): no such directory'));
    const empty = tempDir();
    await expect(newSim({ applications: { db: { charm: empty, units: 1, config: {} } }, relations: [] })).rejects.toThrow(
      `application "db": ${empty} is not a charm: it has no metadata.yaml (nor a charmcraft.yaml with a name)`,
    );
  });

  it('refuses unknown config options and values of the wrong type', async () => {
    await expect(newSim(spec({ applications: { app: { charm: appCharm, units: 1, config: { nmae: 'x' } } }, relations: [] }))).rejects.toThrow(
      'application "app": unknown config option "nmae" (the charm\'s options: name, port, debug, secret)',
    );
    const sim = await newSim();
    expect(() => sim.setConfig('app', { port: 'eighty' })).toThrow('application "app": option "port" expects an int, got "eighty"');
    expect(() => sim.setConfig('app', { debug: 'yes' })).toThrow(/expects a boolean/);
  });

  it('refuses a second model in the same folder', async () => {
    const dir = join(tempDir(), 'state');
    await Simulation.create(spec(), dir);
    await expect(Simulation.create(spec(), dir)).rejects.toThrow(/already holds a model/);
    expect(() => Simulation.load(tempDir())).toThrow(/holds no model/);
  });
});

describe('changes queue hooks', () => {
  it('a config change queues config-changed on every unit (only when the config changes); strings are converted', async () => {
    const dir = join(tempDir(), 'state');
    await Simulation.create(spec(), dir);
    const sim = Simulation.load(dir);
    const before = sim.status().pending.length;
    sim.setConfig('app', { name: 'x' });
    expect(sim.status().pending.length).toBe(before);
    sim.setConfig('app', { port: '8080', debug: 'true' });
    expect(sim.status().applications.app!.config).toMatchObject({ port: 8080, debug: true });
    // Already queued (not yet run): Juju coalesces.
    expect(sim.status().pending.filter((p) => p.endsWith('config-changed'))).toHaveLength(3);
    sim.setConfig('app', { name: null });
    expect(Simulation.load(dir).status().applications.app!.config.name).toBe('hello');
  });

  it('a new unit gets install ... start and joins every relation; the others see it join', async () => {
    const sim = await newSim();
    expect(sim.addUnit('db')).toEqual(['db/1']);
    const pending = sim.status().pending;
    expect(pending.filter((p) => p.startsWith('db/1 '))).toEqual([
      'db/1 install',
      'db/1 database-relation-created (database:1)',
      'db/1 leader-settings-changed',
      'db/1 config-changed',
      'db/1 start',
      'db/1 database-relation-joined (database:1 from app/0)',
      'db/1 database-relation-changed (database:1 from app/0)',
      'db/1 database-relation-joined (database:1 from app/1)',
      'db/1 database-relation-changed (database:1 from app/1)',
    ]);
    expect(pending).toContain('app/0 db-relation-joined (db:1 from db/1)');
  });
});

describe('runs of charms without hooks (nothing to spawn: Juju skips missing hooks)', () => {
  const quiet = charm('name: quiet\nrequires:\n  db: {interface: pgsql}\npeers:\n  cluster: {interface: quiet-peers}\n');
  const quietSpec = (seed?: number): ModelSpec => ({
    ...(seed === undefined ? {} : { seed }),
    applications: { q: { charm: quiet, units: 3, config: {} }, db: { charm: dbCharm, units: 2, config: {} } },
    relations: [['q:db', 'db:database']],
  });

  it('a seed shuffles the order between units reproducibly, keeping each unit in order and remote units joining after their start', async () => {
    const order = async (seed?: number) => (await (await newSim(quietSpec(seed))).run()).timeline.map((e) => `${e.unit} ${e.hook} ${e.remoteUnit ?? ''}`);
    const plain = await order();
    const seeded = await order(7);
    expect(await order(7)).toEqual(seeded);
    expect(seeded).not.toEqual(plain);
    expect([...seeded].sort()).toEqual([...plain].sort());
    for (const run of [plain, seeded]) {
      for (const [i, line] of run.entries()) {
        const [unit, hook, remote] = line.split(' ');
        if (hook!.endsWith('-relation-joined')) expect(run.indexOf(`${remote} start `), line).toBeLessThan(i);
        if (hook !== 'install') expect(run.indexOf(`${unit} install `)).toBeLessThan(i);
      }
    }
  });

  it('removing a unit: departed on the units that saw it, departed and broken on it, then stop and remove; leadership moves', async () => {
    const sim = await newSim(quietSpec());
    await sim.run();
    sim.removeUnit('q/0');
    expect(sim.status().applications.q!.leader).toBe('q/1');
    const result = await sim.run();
    expect(result.quiesced).toBe(true);
    const lines = result.timeline.map(
      (e) => `${e.unit} ${e.hook}${e.remoteUnit ? ` ${e.remoteUnit}` : ''}${e.departingUnit ? ` departing=${e.departingUnit}` : ''}`,
    );
    expect(lines.filter((l) => l.startsWith('q/0 '))).toEqual([
      'q/0 cluster-relation-departed q/1 departing=q/0',
      'q/0 cluster-relation-departed q/2 departing=q/0',
      'q/0 cluster-relation-broken',
      'q/0 db-relation-departed db/0 departing=q/0',
      'q/0 db-relation-departed db/1 departing=q/0',
      'q/0 db-relation-broken',
      'q/0 stop',
      'q/0 remove',
    ]);
    expect(lines.filter((l) => !l.startsWith('q/0 ')).sort()).toEqual([
      'db/0 database-relation-departed q/0 departing=q/0',
      'db/1 database-relation-departed q/0 departing=q/0',
      'q/1 cluster-relation-departed q/0 departing=q/0',
      'q/1 leader-elected',
      'q/2 cluster-relation-departed q/0 departing=q/0',
    ]);
    const status = sim.status();
    expect(Object.keys(status.units).sort()).toEqual(['db/0', 'db/1', 'q/1', 'q/2']);
    expect(Object.keys(status.relations[1]!.units).sort()).toEqual(['db/0', 'db/1', 'q/1', 'q/2']);
    expect(status.applications.q!.units).toEqual(['q/1', 'q/2']);
  });

  it('leader-set by the leader fires leader-settings-changed on the others, who read the new settings', async () => {
    const leading = makeCharm({
      'metadata.yaml': 'name: l\n',
      'hooks/update-status': { content: '#!/bin/sh\nleader-set token=abc\n', mode: 0o755 },
      'hooks/leader-settings-changed': { content: '#!/bin/sh\nleader-get --format=json > "$JUJU_CHARM_DIR/seen"\n', mode: 0o755 },
    });
    const sim = await newSim({ applications: { l: { charm: leading, units: 3, config: {} } }, relations: [] });
    await sim.run();
    sim.updateStatus(['l/0']);
    const result = await sim.run();
    expect(result.timeline.map((e) => `${e.unit} ${e.hook}`)).toEqual(['l/0 update-status', 'l/1 leader-settings-changed', 'l/2 leader-settings-changed']);
    expect(sim.status().applications.l!.leaderSettings).toEqual({ token: 'abc' });
    expect(readFileSync(join(sim.unitDir('l/2'), 'charm', 'seen'), 'utf8')).toBe('{"token":"abc"}\n');
  });

  it('relations added and removed later (by id) take the units through created, joined, changed, then departed and broken', async () => {
    const sim = await newSim({ ...quietSpec(), relations: [] });
    await sim.run();
    expect(sim.addRelation('q', 'db')).toBe('db:1');
    const added = (await sim.run()).timeline.filter((e) => e.unit === 'q/0').map((e) => `${e.hook} ${e.remoteUnit ?? ''}`.trim());
    expect(added).toEqual([
      'db-relation-created',
      'db-relation-joined db/0',
      'db-relation-changed db/0',
      'db-relation-joined db/1',
      'db-relation-changed db/1',
    ]);
    expect(() => sim.removeRelation('q:cluster')).toThrow(/no relation between q:cluster/);
    expect(() => sim.removeRelation('cluster:0')).toThrow(/is a peer relation/);
    sim.removeRelation('database:1');
    const removed = (await sim.run()).timeline.filter((e) => e.unit === 'db/1').map((e) => `${e.hook} ${e.remoteUnit ?? ''}`.trim());
    expect(removed).toEqual(['database-relation-departed q/0', 'database-relation-departed q/1', 'database-relation-departed q/2', 'database-relation-broken']);
    expect(sim.status().relations.map((r) => r.id)).toEqual([0]);
  });
});

describe('the hook environment', () => {
  it("is Juju's: the charm dir as cwd, the unit, model, context and relation variables, the tools first on PATH", async () => {
    const dispatching = makeCharm({
      'metadata.yaml': 'name: e\nrequires:\n  db: {interface: pgsql}\n',
      dispatch: {
        content: '#!/bin/sh\n{ env; echo "cwd=$(pwd)"; } > "$JUJU_CHARM_DIR/env-$(basename "$JUJU_DISPATCH_PATH")$(echo "${JUJU_REMOTE_UNIT:-}" | tr / -)"\n',
        mode: 0o755,
      },
    });
    const state = join(tempDir(), 'state');
    const sim = await Simulation.create(
      { applications: { e: { charm: dispatching, units: 1, config: {} }, db: { charm: dbCharm, units: 1, config: {} } }, relations: [['e', 'db']] },
      state,
      {
        env: { EXTRA: 'yes' },
      },
    );
    const saved = { ...process.env };
    Object.assign(process.env, { NODE_EXTRA_CA_CERTS: '/nowhere.pem', JUJU_UNIT_NAME: 'outer/0', JUJU_REMOTE_UNIT: 'outer/1', UNIT_STATE_DB: '/outer.lmdb' });
    try {
      await sim.run();
      sim.removeRelation('e', 'db');
      await sim.run();
    } finally {
      process.env = saved;
    }
    const env = (file: string): Record<string, string> =>
      Object.fromEntries(
        readFileSync(join(sim.unitDir('e/0'), 'charm', `env-${file}`), 'utf8')
          .split('\n')
          .filter((line) => /^[a-zA-Z_]+=/.test(line))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
    const socket = join(state, 'agent.sock');
    const install = env('install');
    // Each unit runs its own copy of the charm, in the model's folder.
    const unitCharm = join(state, 'units', 'e-0', 'charm');
    expect(install).toMatchObject({
      cwd: unitCharm,
      JUJU_CHARM_DIR: unitCharm,
      CHARM_DIR: unitCharm,
      JUJU_UNIT_NAME: 'e/0',
      JUJU_MODEL_NAME: 'sim',
      JUJU_HOOK_NAME: 'install',
      JUJU_DISPATCH_PATH: 'hooks/install',
      JUJU_AGENT_SOCKET_ADDRESS: socket,
      JUJU_AGENT_SOCKET_NETWORK: 'unix',
      REACTIVE_AGENT_SOCKET: socket,
      EXTRA: 'yes',
    });
    expect(install.JUJU_CONTEXT_ID).toMatch(/^e\/0-install-\d+$/);
    expect(install.JUJU_MODEL_UUID).toMatch(/^[0-9a-f-]{36}$/);
    expect(install.PATH!.split(':')[0]).toBe(join(state, 'tools'));
    for (const name of [
      'NODE_EXTRA_CA_CERTS',
      'UNIT_STATE_DB',
      'JUJU_RELATION',
      'JUJU_RELATION_ID',
      'JUJU_REMOTE_UNIT',
      'JUJU_REMOTE_APP',
      'JUJU_DEPARTING_UNIT',
    ])
      expect(install[name], name).toBeUndefined();
    expect(env('db-relation-changeddb-0')).toMatchObject({
      JUJU_RELATION: 'db',
      JUJU_RELATION_ID: 'db:0',
      JUJU_REMOTE_UNIT: 'db/0',
      JUJU_REMOTE_APP: 'db',
      JUJU_HOOK_NAME: 'db-relation-changed',
    });
    expect(env('db-relation-departeddb-0')).toMatchObject({ JUJU_RELATION_ID: 'db:0', JUJU_REMOTE_UNIT: 'db/0', JUJU_DEPARTING_UNIT: 'db/0' });
    const broken = env('db-relation-broken');
    expect(broken).toMatchObject({ JUJU_RELATION: 'db', JUJU_RELATION_ID: 'db:0', JUJU_REMOTE_APP: 'db' });
    expect(broken.JUJU_REMOTE_UNIT).toBeUndefined();
  });
});

describe('hook tools', () => {
  // A model where everything has run: app/0 (leader) and app/1 see each other and db/0.
  async function joinedSim() {
    const sim = await newSim();
    return sim;
  }

  it('config-get: all options (unset ones null with --all), one value, smart and yaml formats', async () => {
    const ctx = context(await joinedSim(), 'app/0');
    expect(tool(ctx, ['config-get', '--all', '--format=json']).stdout).toBe('{"debug":false,"name":"x","port":80,"secret":null}\n');
    expect(tool(ctx, ['config-get', '--format=json']).stdout).toBe('{"debug":false,"name":"x","port":80}\n');
    expect(tool(ctx, ['config-get', '--format', 'json', 'port']).stdout).toBe('80\n');
    expect(tool(ctx, ['config-get', 'name']).stdout).toBe('x\n');
    expect(tool(ctx, ['config-get', 'secret']).stdout).toBe('');
    expect(tool(ctx, ['config-get', '--format=yaml']).stdout).toBe('debug: false\nname: x\nport: 80\n');
    expect(tool(ctx, ['config-get', '--format=xml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ERROR invalid value "xml" for option --format: unknown format "xml"\n',
    });
    expect(tool(ctx, ['config-get', '--bogus']).code).toBe(2);
  });

  it('relation-ids and relation-list: the local endpoint names, members without the local unit', async () => {
    const ctx = context(await joinedSim(), 'app/0', { joined: { 0: ['app/1'], 1: ['db/0'] } });
    expect(tool(ctx, ['relation-ids', '--format=json', 'db']).stdout).toBe('["db:1"]\n');
    expect(tool(ctx, ['relation-ids', '--format=json', 'cluster']).stdout).toBe('["cluster:0"]\n');
    expect(tool(ctx, ['relation-ids', '--format=json', 'website']).stdout).toBe('[]\n');
    expect(tool(ctx, ['relation-ids', 'db']).stdout).toBe('db:1\n');
    expect(tool(ctx, ['relation-list', '--format=json', '-r', 'db:1']).stdout).toBe('["db/0"]\n');
    expect(tool(ctx, ['relation-list', '--format=json', '-r', '0']).stdout).toBe('["app/1"]\n');
    expect(tool(ctx, ['relation-list', '--format=json', '-r', 'db:1', '--app']).stdout).toBe('"db"\n');
    expect(tool(ctx, ['relation-list', '--format=json', '-r', 'database:1'])).toMatchObject({
      code: 2,
      stderr: 'ERROR invalid value "database:1" for option -r: relation not found\n',
    });
    expect(tool(ctx, ['relation-list', '--format=json', '-r', 'db:x'])).toMatchObject({ code: 2 });
    expect(tool(ctx, ['relation-list', '--format=json'])).toMatchObject({ code: 2, stderr: 'ERROR no relation id specified\n' });
  });

  it('relation-list in a departed hook leaves out the departing unit, in a broken hook lists nobody', async () => {
    const sim = await joinedSim();
    sim.addUnit('db');
    // The simulator takes db/1 out of app/0's members as the departed hook starts.
    const departed = context(sim, 'app/0', {
      hook: 'db-relation-departed',
      relationId: 1,
      joined: { 1: ['db/0'] },
      remoteUnit: 'db/1',
      departing: 'db/1',
      remoteApp: 'db',
    });
    expect(tool(departed, ['relation-list', '--format=json']).stdout).toBe('["db/0"]\n');
    // The departing unit's data can still be read.
    expect(JSON.parse(tool(departed, ['relation-get', '--format=json', '-', 'db/1']).stdout)).toMatchObject({ 'private-address': '10.0.0.5' });
    const broken = context(sim, 'app/0', { hook: 'db-relation-broken', relationId: 1, joined: { 1: [] }, remoteApp: 'db' });
    broken.view.relations.find((r) => r.id === 1)!.dying = true;
    expect(tool(broken, ['relation-list', '--format=json']).stdout).toBe('[]\n');
    expect(tool(broken, ['relation-ids', '--format=json', 'db']).stdout).toBe('["db:1"]\n');
    expect(tool(broken, ['relation-get', '--format=json', '-', 'db/0'])).toMatchObject({ code: 1 });
  });

  it('relation-get: the remote unit by default, one key or all (-), exit 1 for units it cannot read (an error while the command runs)', async () => {
    const sim = await joinedSim();
    const ctx = context(sim, 'app/0', { hook: 'db-relation-changed', relationId: 1, joined: { 1: ['db/0'] }, remoteUnit: 'db/0', remoteApp: 'db' });
    ctx.view.relations[1]!.units['db/0']!.host = 'h';
    expect(tool(ctx, ['relation-get', '--format=json', 'host']).stdout).toBe('"h"\n');
    expect(tool(ctx, ['relation-get', 'host']).stdout).toBe('h\n');
    expect(tool(ctx, ['relation-get', '--format=json', 'nothing', 'db/0']).stdout).toBe('null\n');
    expect(tool(ctx, ['relation-get', '--format=json', '-r', 'db:1', '-', 'db/0']).stdout).toBe(
      '{"egress-subnets":"10.0.0.4/32","host":"h","ingress-address":"10.0.0.4","private-address":"10.0.0.4"}\n',
    );
    expect(tool(ctx, ['relation-get', '--format=json', '-', 'app/0']).code).toBe(0);
    expect(tool(ctx, ['relation-get', '--format=json', '-', 'db/7'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ERROR cannot read settings for unit "db/7" in relation "app:db db:database": unit "db/7": settings not found\n',
    });
    const outside = context(sim, 'app/0', { joined: { 1: ['db/0'] } });
    expect(tool(outside, ['relation-get', '--format=json', '-r', 'db:1', '-'])).toMatchObject({ code: 2, stderr: 'ERROR no unit id specified\n' });
  });

  it('application data: only the leader writes it, and reads its own on a non-peer relation; peers all read theirs', async () => {
    const sim = await joinedSim();
    const leader = context(sim, 'app/0', { joined: { 0: ['app/1'], 1: ['db/0'] } });
    const follower = context(sim, 'app/1', { joined: { 0: ['app/0'], 1: ['db/0'] } });
    expect(tool(leader, ['relation-set', '-r', 'db:1', '--app', 'token=t'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(tool(leader, ['relation-get', '--format=json', '-r', 'db:1', '--app', '-', 'app']).stdout).toBe('{"token":"t"}\n');
    expect(tool(follower, ['relation-set', '-r', 'db:1', '--app', 'token=u'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ERROR cannot write relation settings\n',
    });
    expect(tool(follower, ['relation-get', '--format=json', '-r', 'db:1', '--app', '-', 'app'])).toMatchObject({
      code: 1,
      stderr: 'ERROR permission denied\n',
    });
    expect(tool(follower, ['relation-get', '--format=json', '-r', 'db:1', '--app', '-', 'db']).stdout).toBe('{}\n');
    expect(tool(follower, ['relation-get', '--format=json', '-r', 'cluster:0', '--app', '-', 'app']).stdout).toBe('{}\n');
  });

  it('relation-set: k=v, --file - with JSON or YAML, an empty value deletes; the hook reads its writes at once', async () => {
    const ctx = context(await joinedSim(), 'app/0', { hook: 'db-relation-changed', relationId: 1, joined: { 1: ['db/0'] }, remoteUnit: 'db/0' });
    expect(tool(ctx, ['relation-set', 'a=1', 'b=two words']).code).toBe(0);
    expect(tool(ctx, ['relation-set', '-r', 'db:1', '--file', '-'], '{"c": "3", "a": null, "n": 5}').code).toBe(0);
    expect(tool(ctx, ['relation-set', '--file=-'], 'd: four\nb: ""\n').code).toBe(0);
    expect(JSON.parse(tool(ctx, ['relation-get', '--format=json', '-', 'app/0']).stdout)).toEqual({
      'egress-subnets': '10.0.0.2/32',
      'ingress-address': '10.0.0.2',
      'private-address': '10.0.0.2',
      c: '3',
      n: '5',
      d: 'four',
    });
    expect(tool(ctx, ['relation-set', 'novalue'])).toMatchObject({ code: 2, stderr: 'ERROR expected "key=value", got "novalue"\n' });
    expect(tool(ctx, ['relation-set', '--file', '-'], '[1, 2]')).toMatchObject({ code: 1, stderr: 'ERROR expected a YAML map of settings\n' });
  });

  it('status-set and status-get (unit and application), is-leader, leader-get and leader-set', async () => {
    const sim = await joinedSim();
    const leader = context(sim, 'app/0');
    const follower = context(sim, 'app/1');
    expect(tool(leader, ['status-set', 'active', 'all good']).code).toBe(0);
    expect(tool(leader, ['status-get', '--format=json', '--include-data']).stdout).toBe('{"status":"active","message":"all good","status-data":{}}\n');
    expect(tool(leader, ['status-get']).stdout).toBe('active\n');
    expect(tool(leader, ['status-set', 'happy'])).toMatchObject({
      code: 2,
      stderr: 'ERROR invalid status "happy", expected one of [maintenance blocked waiting active]\n',
    });
    expect(tool(leader, ['status-set', '--application', 'blocked', 'app says']).code).toBe(0);
    expect(JSON.parse(tool(leader, ['status-get', '--format=json', '--include-data', '--application']).stdout)).toEqual({
      'application-status': {
        status: 'blocked',
        message: 'app says',
        'status-data': {},
        units: { 'app/0': { status: 'active', message: 'all good', 'status-data': {} }, 'app/1': { status: 'unknown', message: '', 'status-data': {} } },
      },
    });
    expect(tool(follower, ['status-set', '--application', 'active'])).toMatchObject({ code: 1, stderr: 'ERROR this unit is not the leader\n' });
    expect(tool(leader, ['is-leader', '--format=json']).stdout).toBe('true\n');
    expect(tool(follower, ['is-leader']).stdout).toBe('False\n');
    expect(tool(leader, ['leader-set', 'a=1', 'b=2']).code).toBe(0);
    expect(tool(leader, ['leader-set', 'b=']).code).toBe(0);
    expect(tool(leader, ['leader-get', '--format=json']).stdout).toBe('{"a":"1"}\n');
    expect(tool(leader, ['leader-get', '--format=json', 'a']).stdout).toBe('"1"\n');
    expect(tool(follower, ['leader-set', 'a=2'])).toMatchObject({
      code: 1,
      stderr: 'ERROR cannot write leadership settings: cannot write settings: not the leader\n',
    });
  });

  it("takes '--' as the end of the flags, as Juju's tools do: free text starting with '-' is text", async () => {
    const ctx = context(await joinedSim(), 'app/0', { action: { name: 'go', params: {}, results: {}, logs: [] } });
    expect(tool(ctx, ['status-set', '--', 'active', '-h0 is the db host']).code).toBe(0);
    expect(ctx.view.units['app/0']!.status).toEqual({ status: 'active', message: '-h0 is the db host' });
    expect(tool(ctx, ['status-set', '--application', '--', 'blocked', '--application']).code).toBe(0);
    expect(ctx.view.applications.app!.status).toEqual({ status: 'blocked', message: '--application' });
    expect(tool(ctx, ['status-set', 'waiting', 'the old form']).code).toBe(0);
    expect(tool(ctx, ['action-log', '--', '-x 50%']).code).toBe(0);
    expect(tool(ctx, ['action-fail', '--', '-x marks the spot']).code).toBe(0);
    expect(tool(ctx, ['application-version-set', '--', '-rc1']).code).toBe(0);
    expect(tool(ctx, ['leader-set', '--', 'k=-v']).code).toBe(0);
    expect(ctx.action).toMatchObject({ logs: ['-x 50%'], failed: '-x marks the spot' });
    expect(ctx.view.applications.app!.version).toBe('-rc1');
    expect(tool(ctx, ['status-set', 'active', '-x']).code).toBe(2);
  });

  it("a hook's status message starting with '-' is set as written, through hookenv and the unit agent", async () => {
    const hook = "#!/usr/bin/env node\nimport { statusSet } from '@reactive/hookenv';\nawait statusSet('active', '-h0 is the db host');\n";
    const dir = makeCharm({ 'metadata.yaml': 'name: app\n', 'hooks/install': { content: hook, mode: 0o755 } });
    const sim = await newSim({ applications: { app: { charm: dir, units: 1, config: {} } }, relations: [] });
    const result = await sim.run();
    expect(result.errors).toEqual([]);
    expect(sim.status().units['app/0']).toMatchObject({ status: 'active', message: '-h0 is the db host' });
  });

  it('juju-log, ports, unit-get, network-get, goal-state', async () => {
    const ctx = context(await joinedSim(), 'app/0', { joined: { 0: ['app/1'], 1: ['db/0'] } });
    expect(tool(ctx, ['juju-log', '-l', 'WARNING', '--', '-a message']).code).toBe(0);
    expect(tool(ctx, ['juju-log', 'two', 'words']).code).toBe(0);
    expect(ctx.logs).toEqual(['WARNING -a message', 'INFO two words']);
    for (const port of ['80', '8000-8100/udp', 'icmp', '443/tcp', '80/tcp']) expect(tool(ctx, ['open-port', port]).code).toBe(0);
    expect(tool(ctx, ['close-port', '443/tcp']).code).toBe(0);
    expect(tool(ctx, ['opened-ports', '--format=json']).stdout).toBe('["icmp","80/tcp","8000-8100/udp"]\n');
    expect(tool(ctx, ['open-port', '70000'])).toMatchObject({ code: 2 });
    expect(tool(ctx, ['unit-get', '--format=json', 'private-address']).stdout).toBe('"10.0.0.2"\n');
    const network = JSON.parse(tool(ctx, ['network-get', '--format=json', 'db']).stdout);
    expect(network['ingress-addresses']).toEqual(['10.0.0.2']);
    expect(network['egress-subnets']).toEqual(['10.0.0.2/32']);
    expect(tool(ctx, ['network-get', '--format=json', 'nope'])).toMatchObject({ code: 1, stderr: 'ERROR no network config found for binding "nope"\n' });
    const goal = JSON.parse(tool(ctx, ['goal-state', '--format=json']).stdout);
    expect(Object.keys(goal.units)).toEqual(['app/0', 'app/1']);
    expect(Object.keys(goal.relations.db)).toEqual(['db', 'db/0']);
    expect(Object.keys(goal.relations.cluster)).toEqual(['app/1']);
  });

  it('refuses action tools outside an action, add-metric (not in Juju 3.6; outside collect-metrics in 2.9), unknown tools', async () => {
    const ctx = context(await joinedSim(), 'app/0');
    expect(tool(ctx, ['action-get', '--format=json'])).toEqual({ code: 1, stdout: '', stderr: 'ERROR not running an action\n' });
    expect(tool(ctx, ['add-metric', 'x=1'])).toMatchObject({ code: 127, stderr: 'add-metric: command not found\n' });
    ctx.view.juju = '2.9';
    expect(tool(ctx, ['add-metric', 'x=1'])).toMatchObject({ code: 1 });
    expect(tool(ctx, ['no-such-tool', 'x'])).toMatchObject({ code: 1, stderr: 'ERROR unknown hook tool "no-such-tool"\n' });
    expect(tool(ctx, ['juju-reboot']).code).toBe(0);
    expect(ctx.reboot).toBe('after-hook');
  });
});

/** Runs a program without blocking this process (whose agent answers it). */
function exec(
  file: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env: opts.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

describe('the agent protocol', () => {
  async function agentWith(answer: (request: { tool: string; args: string[]; stdin: string | null }) => { code: number; stdout: string; stderr: string }) {
    const dir = tempDir();
    const agent = await UnitAgentServer.listen(join(dir, 'agent.sock'));
    const seen: Array<{ tool: string; args: string[]; stdin: string | null }> = [];
    agent.register('ctx-1', (request) => {
      seen.push({ tool: request.tool, args: request.args, stdin: request.stdin });
      return answer(request);
    });
    const tools = join(dir, 'tools');
    mkdirSync(tools);
    for (const name of ['relation-set', 'relation-get']) symlinkSync(HOOK_TOOL, join(tools, name));
    return { agent, seen, tools };
  }

  it('bin/hook-tool.mjs forwards argv (and stdin for --file -), prints the answer and exits with its code', async () => {
    const { agent, seen, tools } = await agentWith((r) =>
      r.tool === 'relation-get' ? { code: 2, stdout: '', stderr: 'ERROR permission denied\n' } : { code: 0, stdout: 'out\n', stderr: '' },
    );
    const env = { ...process.env, JUJU_CONTEXT_ID: 'ctx-1', JUJU_AGENT_SOCKET_ADDRESS: agent.path, JUJU_AGENT_SOCKET_NETWORK: 'unix' };
    try {
      const set = await exec(join(tools, 'relation-set'), ['-r', 'db:0', '--file', '-', 'x=1'], { env, input: '{"a": "b"}', cwd: tools });
      expect([set.status, set.stdout, set.stderr]).toEqual([0, 'out\n', '']);
      const get = await exec(join(tools, 'relation-get'), ['--format=json', '-', 'db/0'], { env });
      expect([get.status, get.stdout, get.stderr]).toEqual([2, '', 'ERROR permission denied\n']);
      const file = await exec(join(tools, 'relation-set'), ['--file', 'data.yaml'], { env, cwd: tools });
      expect(file.status).toBe(0);
      expect(seen).toEqual([
        { tool: 'relation-set', args: ['-r', 'db:0', '--file', '-', 'x=1'], stdin: '{"a": "b"}' },
        { tool: 'relation-get', args: ['--format=json', '-', 'db/0'], stdin: null },
        { tool: 'relation-set', args: ['--file', join(tools, 'data.yaml')], stdin: null },
      ]);
      const stale = await exec(join(tools, 'relation-get'), ['x'], { env: { ...env, JUJU_CONTEXT_ID: 'old' } });
      expect([stale.status, stale.stderr]).toEqual([1, 'ERROR bad request: no hook is running with context id "old"\n']);
      const outside = await exec(join(tools, 'relation-get'), ['x'], { env: { PATH: process.env.PATH } });
      expect([outside.status, outside.stderr]).toEqual([1, 'ERROR relation-get: not running in a hook (JUJU_CONTEXT_ID and the agent socket are not set)\n']);
    } finally {
      await agent.close();
    }
  });

  it("speaks hookenv's socket protocol (REACTIVE_AGENT_SOCKET: no process per call)", async () => {
    const { agent, seen } = await agentWith(() => ({ code: 0, stdout: '"v"\n', stderr: '' }));
    try {
      const runner = new SocketToolRunner(agent.path, 'ctx-1');
      expect(await runner.run('relation-get', ['--format=json', 'k', 'db/0'])).toEqual({ code: 0, stdout: '"v"\n', stderr: '' });
      expect(await runner.run('relation-set', ['--file', '-'], '{"k":"v"}')).toMatchObject({ code: 0 });
      expect(seen.at(-1)).toEqual({ tool: 'relation-set', args: ['--file', '-'], stdin: '{"k":"v"}' });
      expect(await new SocketToolRunner(agent.path, 'nope').run('is-leader', [])).toMatchObject({ code: 1 });
    } finally {
      await agent.close();
    }
  });
});

describe('formatTimeline', () => {
  it('prints one line per hook a person can follow, failures with their error', async () => {
    const base = { seq: 1, ok: true, exitCode: 0, attempt: 1, durationMs: 5, handlers: [], flagsSet: [], flagsCleared: [] };
    const text = formatTimeline([
      {
        ...base,
        unit: 'my-app/0',
        hook: 'db-relation-changed',
        relation: 'db:0',
        remoteUnit: 'db/0',
        remoteApp: 'db',
        handlers: ['reactive/app.js:12:render_config', 'reactive/app.js:30:restart'],
        flagsSet: ['db.database.available'],
        flagsCleared: ['endpoint.db.changed'],
        status: { status: 'active', message: 'ready' },
      },
      {
        ...base,
        unit: 'db/0',
        hook: 'install',
        ok: false,
        exitCode: 1,
        attempt: 2,
        handlers: [`reactive/x.sh "b'go\\n'"`],
        status: { status: 'error', message: 'hook failed: "install"' },
        error: 'Hook error:\nError: boom',
      },
      { ...base, unit: 'db/0', hook: 'database-relation-changed', relation: 'database:0', remoteApp: 'my-app', status: { status: 'active', message: '' } },
    ]);
    expect(text).toBe(
      [
        'my-app/0  db-relation-changed (db:0 from db/0)  ✓  +db.database.available -endpoint.db.changed  handlers: render_config, restart  [active: ready]',
        'db/0      install  ✗ exit 1 (attempt 2)  handlers: reactive/x.sh  [error: hook failed: "install"]',
        '            Hook error:',
        '            Error: boom',
        'db/0      database-relation-changed (database:0 from my-app (app))  ✓  [active]',
        '',
      ].join('\n'),
    );
  });
});
