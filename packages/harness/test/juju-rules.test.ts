// One table of Juju's hook-tool rules (who reads and writes which bag, the
// leader-only tools, juju-log's levels, the error texts), run against the
// Harness (its MemoryHookTools, as the hook tools of its processes reach it)
// and against the simulator's tools: both must answer as Juju does.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Harness, loadCharm, runTool, Simulation, type ToolContext } from '@reactive/harness';
import { runMemoryTool } from '../src/memory-agent.js';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

type Outcome = { value: unknown; logs?: string[] } | { code: number; error: string };
interface Case {
  name: string;
  leader: boolean;
  line: string[];
  expect: Outcome;
}

// juju/cmd's Main: an error while the command runs exits 1 (2 is for the command line).
const NOT_PERMITTED: Outcome = { code: 1, error: 'permission denied' };

const CASES: Case[] = [
  {
    name: 'a non-leader reads its own app bag in a peer relation',
    leader: false,
    line: ['relation-get', '--format=json', '-r', 'cluster:0', '--app', '-', 'app'],
    expect: { value: { peer: 'p' } },
  },
  {
    name: 'a non-leader reads a key of its own app bag in a peer relation',
    leader: false,
    line: ['relation-get', '--format=json', '-r', 'cluster:0', '--app', 'peer', 'app'],
    expect: { value: 'p' },
  },
  {
    name: 'a non-leader reads its own app bag in a regular relation',
    leader: false,
    line: ['relation-get', '--format=json', '-r', 'db:1', '--app', '-', 'app'],
    expect: NOT_PERMITTED,
  },
  {
    name: 'a non-leader reads a key of its own app bag in a regular relation',
    leader: false,
    line: ['relation-get', '--format=json', '-r', 'db:1', '--app', 'secret', 'app'],
    expect: NOT_PERMITTED,
  },
  {
    name: 'the leader reads its own app bag in a regular relation',
    leader: true,
    line: ['relation-get', '--format=json', '-r', 'db:1', '--app', '-', 'app'],
    expect: { value: { secret: 's' } },
  },
  {
    name: 'a non-leader reads the remote app bag',
    leader: false,
    line: ['relation-get', '--format=json', '-r', 'db:1', '--app', '-', 'db'],
    expect: { value: { token: 't' } },
  },
  {
    name: 'the app bag of an application not in the relation',
    leader: true,
    line: ['relation-get', '--format=json', '-r', 'db:1', '--app', '-', 'other'],
    expect: NOT_PERMITTED,
  },
  { name: 'a remote unit', leader: false, line: ['relation-get', '--format=json', '-r', 'db:1', 'host', 'db/0'], expect: { value: 'h' } },
  { name: 'a peer unit', leader: false, line: ['relation-get', '--format=json', '-r', 'cluster:0', '-', 'app/0'], expect: { value: { x: '1' } } },
  { name: 'a unit not in the relation', leader: false, line: ['relation-get', '--format=json', '-r', 'db:1', '-', 'other/0'], expect: NOT_PERMITTED },
  {
    name: 'a key of a unit not in the relation',
    leader: false,
    line: ['relation-get', '--format=json', '-r', 'db:1', 'host', 'other/0'],
    expect: NOT_PERMITTED,
  },
  { name: 'a non-leader writes its unit bag', leader: false, line: ['relation-set', '-r', 'db:1', 'k=v'], expect: { value: null } },
  {
    name: 'a non-leader writes its app bag',
    leader: false,
    line: ['relation-set', '-r', 'db:1', '--app', 'k=v'],
    expect: { code: 1, error: 'cannot write relation settings' },
  },
  {
    name: 'a non-leader writes its app bag in a peer relation',
    leader: false,
    line: ['relation-set', '-r', 'cluster:0', '--app', 'k=v'],
    expect: { code: 1, error: 'cannot write relation settings' },
  },
  { name: 'the leader writes its app bag', leader: true, line: ['relation-set', '-r', 'db:1', '--app', 'k=v'], expect: { value: null } },
  {
    name: 'a non-leader leader-set',
    leader: false,
    line: ['leader-set', 'a=1'],
    expect: { code: 1, error: 'cannot write leadership settings: cannot write settings: not the leader' },
  },
  { name: 'the leader leader-set', leader: true, line: ['leader-set', 'a=1'], expect: { value: null } },
  {
    name: 'a non-leader status-set --application',
    leader: false,
    line: ['status-set', '--application', 'active', 'ok'],
    expect: { code: 1, error: 'this unit is not the leader' },
  },
  { name: 'the leader status-set --application', leader: true, line: ['status-set', '--application', 'active', 'ok'], expect: { value: null } },
  {
    name: 'a non-leader status-get --application',
    leader: false,
    line: ['status-get', '--format=json', '--include-data', '--application'],
    expect: { code: 1, error: 'finding application status: this unit is not the leader' },
  },
  ...['TRACE', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'].map((level): Case => ({
    name: `juju-log -l ${level}`,
    leader: false,
    line: ['juju-log', '-l', level, 'hello'],
    expect: { value: null, logs: [`${level} hello`] },
  })),
  { name: 'juju-log: a level in lower case', leader: false, line: ['juju-log', '-l', 'debug', 'hello'], expect: { value: null, logs: ['DEBUG hello'] } },
  { name: 'juju-log: WARN is WARNING', leader: false, line: ['juju-log', '-l', 'WARN', 'hello'], expect: { value: null, logs: ['WARNING hello'] } },
  { name: 'juju-log: no level is INFO', leader: false, line: ['juju-log', 'hello', 'there'], expect: { value: null, logs: ['INFO hello there'] } },
  {
    name: 'juju-log: --debug wins over -l',
    leader: false,
    line: ['juju-log', '--debug', '-l', 'ERROR', 'hello'],
    expect: { value: null, logs: ['DEBUG hello'] },
  },
  {
    name: 'juju-log: an invalid level logs at INFO, after a warning',
    leader: false,
    line: ['juju-log', '-l', 'FATAL', 'hello'],
    expect: { value: null, logs: ['WARNING Specified log level of "FATAL" is not valid', 'INFO hello'] },
  },
];

/** The one unit both models hold: `app/0` (the leader) or `app/1`, related to `db` (db:1) and to its peer (cluster:0). */
function unitOf(leader: boolean): { unit: string; peer: string } {
  return leader ? { unit: 'app/0', peer: 'app/1' } : { unit: 'app/1', peer: 'app/0' };
}

function outcome(response: { code: number; stdout: string; stderr: string }, logs: string[]): Outcome {
  if (response.code !== 0) return { code: response.code, error: response.stderr.replace(/^ERROR /, '').trimEnd() };
  const value = response.stdout === '' ? null : (JSON.parse(response.stdout) as unknown);
  return logs.length > 0 ? { value, logs } : { value };
}

const harnesses: Harness[] = [];
afterAll(() => {
  for (const harness of harnesses) harness.cleanUp();
});

async function throughHarness(c: Case): Promise<Outcome> {
  const { unit, peer } = unitOf(c.leader);
  const harness = new Harness(tempDir(), { unit, leader: c.leader });
  harnesses.push(harness);
  const cluster = harness.addRelation('cluster', 'app', { units: { [peer]: { x: '1' } } });
  const db = harness.addRelation('db', 'db', { units: { 'db/0': { host: 'h' } }, appData: { token: 't' } });
  expect([cluster, db]).toEqual(['cluster:0', 'db:1']);
  harness.tools.relation(cluster).localAppData = { peer: 'p' };
  harness.tools.relation(db).localAppData = { secret: 's' };
  const response = await runMemoryTool(harness.tools, { context: 'harness', tool: c.line[0]!, args: c.line.slice(1), stdin: null });
  return outcome(
    response,
    harness.logs.map((l) => `${l.level} ${l.message}`),
  );
}

const appCharm = makeCharm({ 'metadata.yaml': 'name: app\nrequires:\n  db: {interface: pgsql}\npeers:\n  cluster: {interface: app-peers}\n' });
const dbCharm = makeCharm({ 'metadata.yaml': 'name: db\nprovides:\n  database: {interface: pgsql}\n' });

async function throughSimulator(c: Case): Promise<Outcome> {
  const { unit, peer } = unitOf(c.leader);
  const sim = await Simulation.create(
    { applications: { app: { charm: appCharm, units: 2, config: {} }, db: { charm: dbCharm, units: 1, config: {} } }, relations: [['app:db', 'db:database']] },
    join(tempDir(), 'state'),
  );
  const view = sim.snapshot();
  const cluster = view.relations.find((r) => r.id === 0)!;
  const db = view.relations.find((r) => r.id === 1)!;
  cluster.units[peer] = { x: '1' };
  cluster.apps.app = { peer: 'p' };
  db.units['db/0'] = { host: 'h' };
  db.apps.db = { token: 't' };
  db.apps.app = { secret: 's' };
  view.units[unit]!.relations[0] = { joined: [peer] };
  view.units[unit]!.relations[1] = { joined: ['db/0'] };
  const logs: string[] = [];
  const ctx: ToolContext = {
    id: 'ctx',
    view,
    unit,
    app: 'app',
    hook: 'update-status',
    charm: loadCharm(appCharm, 'app'),
    config: {},
    leader: view.applications.app!.leader === unit,
    metrics: [],
    log: (level, message) => logs.push(`${level} ${message}`),
  };
  expect(ctx.leader).toBe(c.leader);
  return outcome(runTool(ctx, c.line[0]!, c.line.slice(1), null), logs);
}

describe("Juju's hook-tool rules, the same in the Harness and in the simulator", () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.line.join(' ')}`, async () => {
      expect(await throughHarness(c), 'the Harness').toEqual(c.expect);
      expect(await throughSimulator(c), 'the simulator').toEqual(c.expect);
    });
  }
});
