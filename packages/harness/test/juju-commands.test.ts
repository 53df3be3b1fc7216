// One table of the rules of Juju 3.x's secret, storage, resource, credential,
// server-side state and relation-model commands, run against the Harness (its
// MemoryHookTools, as the hook tools of its processes reach it) and against
// the simulator's tools: both must answer as Juju does. Each world holds the
// same unit (app/0, the leader, or app/1), related to `db` (db:1) and to its
// peer (cluster:0), and the same secrets: the application's own (`own`,
// label `mine`), one the db application granted to app over db:1
// (`granted`), one it did not grant (`refused`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptySecretsState, JujuSecrets, SECRET_SIZE_LIMIT, type SecretsState } from '@reactive/hookenv';
import { Harness, loadCharm, runTool, Simulation, type ToolContext } from '@reactive/harness';
import { runMemoryTool } from '../src/memory-agent.js';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

type Outcome = { value: unknown } | { code: number; error: string };
interface Case {
  name: string;
  leader: boolean;
  /** Lines run first, each of which must succeed. */
  before?: string[][];
  line: string[];
  expect: Outcome;
}

const MODEL_UUID = '6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f';
const UNKNOWN = 'secret:d4a3b2c1d0e9f8g7h6i5';
const resourceFile = join(tempDir(), 'image.tar');
writeFileSync(resourceFile, 'layers');

const NOT_LEADER: Outcome = { code: 1, error: 'this unit is not the leader' };
const URI = expect.stringMatching(/^secret:[0-9a-v]{20}$/);

const CASES: Case[] = [
  // Owners: the application's secret is read by any of its units, managed by its leader.
  { name: 'the leader reads its application secret', leader: true, line: ['secret-get', '--format=json', '{own}'], expect: { value: { password: 'pw1' } } },
  { name: 'a non-leader reads its application secret', leader: false, line: ['secret-get', '--format=json', '{own}'], expect: { value: { password: 'pw1' } } },
  { name: 'the owner reads by its label', leader: true, line: ['secret-get', '--format=json', '--label', 'mine'], expect: { value: { password: 'pw1' } } },
  {
    name: 'the leader sets a new revision',
    leader: true,
    before: [['secret-set', '{own}', 'password=pw2']],
    line: ['secret-get', '--format=json', '{own}', 'password'],
    expect: { value: 'pw2' },
  },
  { name: 'a non-leader sets its application secret', leader: false, line: ['secret-set', '{own}', 'password=pw2'], expect: NOT_LEADER },
  { name: 'a non-leader removes its application secret', leader: false, line: ['secret-remove', '{own}'], expect: NOT_LEADER },
  // A non-leader does not see its application's secrets' metadata (secret-ids lists none of them).
  {
    name: 'a non-leader grants its application secret',
    leader: false,
    line: ['secret-grant', '{own}', '-r', 'db:1'],
    expect: { code: 1, error: 'secret "{own-id}" not found' },
  },
  { name: 'the leader grants it over a relation', leader: true, line: ['secret-grant', '{own}', '-r', 'db:1'], expect: { value: null } },
  {
    name: 'a grant to a unit of another application',
    leader: true,
    line: ['secret-grant', '{own}', '-r', 'db:1', '--unit', 'other/0'],
    expect: { code: 2, error: 'cannot specify unit "other/0" in relation to application "db"' },
  },
  {
    name: 'a grant over an unknown relation',
    leader: true,
    line: ['secret-grant', '{own}', '-r', '99'],
    expect: { code: 2, error: 'invalid value "99" for option -r: relation not found' },
  },
  { name: 'the leader revokes from an application', leader: true, line: ['secret-revoke', '{own}', '--app', 'db'], expect: { value: null } },
  { name: 'the leader lists its application secrets', leader: true, line: ['secret-ids', '--format=json'], expect: { value: ['{own-id}'] } },
  { name: 'a non-leader lists none', leader: false, line: ['secret-ids', '--format=json'], expect: { value: [] } },
  {
    name: 'the leader reads the metadata',
    leader: true,
    line: ['secret-info-get', '--format=json', '--label', 'mine'],
    expect: { value: { '{own-id}': { revision: 1, label: 'mine', owner: 'application' } } },
  },
  { name: 'a non-leader adds an application secret', leader: false, line: ['secret-add', 'token=t'], expect: NOT_LEADER },
  { name: 'a non-leader adds a secret of its own', leader: false, line: ['secret-add', '--owner', 'unit', 'token=t'], expect: { value: URI } },
  {
    name: 'a non-leader manages the secret it owns',
    leader: false,
    before: [['secret-add', '--owner', 'unit', '--label', 'unit-key', 'token=t']],
    line: ['secret-info-get', '--format=json', '--label', 'unit-key'],
    expect: { value: { '{last-id}': { revision: 1, label: 'unit-key', owner: 'unit' } } },
  },
  // Consumers: a grant to the application lets its units read; without one, permission denied.
  { name: 'a granted consumer reads', leader: false, line: ['secret-get', '--format=json', '{granted}'], expect: { value: { token: 't1' } } },
  { name: 'a granted consumer reads one key', leader: true, line: ['secret-get', '{granted}', 'token'], expect: { value: 't1' } },
  { name: 'a granted consumer reads one key base64-encoded', leader: true, line: ['secret-get', '{granted}', 'token#base64'], expect: { value: 'dDE=' } },
  { name: 'a key the secret lacks', leader: true, line: ['secret-get', '{granted}', 'nope'], expect: { code: 1, error: 'secret key "nope" not found' } },
  { name: 'a consumer without a grant', leader: true, line: ['secret-get', '{refused}'], expect: { code: 1, error: 'permission denied' } },
  {
    name: 'a consumer after the grant is revoked',
    leader: false,
    before: [['secret-get', '{granted}']],
    line: ['secret-get', '{revoked}'],
    expect: { code: 1, error: 'permission denied' },
  },
  {
    name: 'a consumer sets a secret it does not own',
    leader: true,
    line: ['secret-set', '{granted}', 'token=x'],
    expect: { code: 1, error: 'permission denied' },
  },
  { name: 'a consumer reads no metadata', leader: true, line: ['secret-info-get', '{granted}'], expect: { code: 1, error: 'secret "{granted-id}" not found' } },
  { name: 'an unknown secret', leader: true, line: ['secret-get', UNKNOWN], expect: { code: 1, error: `secret "${UNKNOWN}" not found` } },
  { name: 'not a secret URI', leader: true, line: ['secret-get', 'db-password'], expect: { code: 2, error: 'secret URI "db-password" not valid' } },
  { name: 'secret-get without a secret', leader: true, line: ['secret-get'], expect: { code: 2, error: 'require either a secret URI or label' } },
  {
    name: 'both --peek and --refresh',
    leader: true,
    line: ['secret-get', '--peek', '--refresh', '{granted}'],
    expect: { code: 2, error: 'specify one of --peek or --refresh but not both' },
  },
  // Content: keys and sizes.
  { name: 'a key in upper case', leader: true, line: ['secret-add', 'Password=x'], expect: { code: 2, error: 'key "Password" not valid' } },
  { name: 'a key of two letters', leader: true, line: ['secret-add', 'pw=x'], expect: { code: 2, error: 'key "pw" not valid' } },
  {
    name: 'a value over the size limit',
    leader: true,
    line: ['secret-add', `blob=${'x'.repeat(SECRET_SIZE_LIMIT)}`],
    expect: { code: 2, error: `base64 encoded secret content for key "blob" too large: ${Math.ceil(SECRET_SIZE_LIMIT / 3) * 4} bytes` },
  },
  { name: 'secret-add with nothing', leader: true, line: ['secret-add'], expect: { code: 2, error: 'missing secret value or filename' } },
  {
    name: 'an unknown rotate policy',
    leader: true,
    line: ['secret-add', '--rotate', 'often', 'token=t'],
    expect: { code: 2, error: 'rotate policy "often" not valid' },
  },
  {
    name: 'a label used twice',
    leader: true,
    line: ['secret-add', '--label', 'mine', 'token=t'],
    expect: { code: 1, error: 'secret with label "mine" already exists' },
  },
  // Storage.
  { name: 'storage-list', leader: false, line: ['storage-list', '--format=json'], expect: { value: ['data/0'] } },
  { name: 'storage-list of a name', leader: false, line: ['storage-list', '--format=json', 'logs'], expect: { value: [] } },
  { name: 'storage-get of an instance', leader: false, line: ['storage-get', '--format=json', '-s', 'data/0', 'kind'], expect: { value: 'filesystem' } },
  {
    name: 'storage-get outside a storage hook without -s',
    leader: false,
    line: ['storage-get', '--format=json'],
    expect: { code: 2, error: 'no storage instance specified' },
  },
  {
    name: 'storage-get of an instance not attached',
    leader: false,
    line: ['storage-get', '-s', 'data/7'],
    expect: { code: 2, error: 'invalid value "data/7" for option -s: storage attachment data/7:app/1 not found' },
  },
  {
    name: 'storage-get of a bad id',
    leader: false,
    line: ['storage-get', '-s', 'data'],
    expect: { code: 2, error: 'invalid value "data" for option -s: invalid storage ID "data"' },
  },
  {
    name: 'storage-get of an unknown key',
    leader: false,
    line: ['storage-get', '-s', 'data/0', 'size'],
    expect: { code: 1, error: 'invalid storage attribute "size"' },
  },
  { name: 'storage-add', leader: false, line: ['storage-add', 'logs=2'], expect: { value: null } },
  { name: 'storage-add of a bad count', leader: false, line: ['storage-add', 'data=0'], expect: { code: 2, error: 'cannot parse storage directive "data=0"' } },
  // Resources and credentials.
  { name: 'resource-get of a given file', leader: false, line: ['resource-get', 'image'], expect: { value: resourceFile } },
  {
    name: 'resource-get of a resource without a file',
    leader: false,
    line: ['resource-get', 'config'],
    expect: { code: 1, error: 'could not download resource: resource "config" not found' },
  },
  { name: 'resource-get without a name', leader: false, line: ['resource-get'], expect: { code: 2, error: 'missing required resource name' } },
  {
    name: 'credential-get of an application not trusted',
    leader: true,
    line: ['credential-get'],
    expect: { code: 1, error: 'cannot access cloud credentials: permission denied' },
  },
  // Server-side state.
  { name: 'state-get of nothing', leader: false, line: ['state-get', '--format=json'], expect: { value: {} } },
  {
    name: 'state-set then state-get',
    leader: false,
    before: [['state-set', 'a=1', 'b=2']],
    line: ['state-get', '--format=json'],
    expect: { value: { a: '1', b: '2' } },
  },
  { name: 'state-get of a key', leader: false, before: [['state-set', 'a=1']], line: ['state-get', '--format=json', 'a'], expect: { value: '1' } },
  { name: 'state-get of a missing key', leader: false, line: ['state-get', '--format=json', 'a'], expect: { value: null } },
  { name: 'state-get --strict of a missing key', leader: false, line: ['state-get', '--strict', 'a'], expect: { code: 1, error: '"a" not found' } },
  {
    name: 'state-delete',
    leader: false,
    before: [
      ['state-set', 'a=1'],
      ['state-delete', 'a'],
    ],
    line: ['state-get', '--format=json'],
    expect: { value: {} },
  },
  {
    name: 'state-set of a key too long',
    leader: false,
    line: ['state-set', `${'k'.repeat(257)}=v`],
    expect: { code: 1, error: 'max allowed key length (256) exceeded' },
  },
  // relation-model-get.
  { name: 'relation-model-get', leader: false, line: ['relation-model-get', '--format=json', '-r', 'db:1'], expect: { value: { uuid: MODEL_UUID } } },
  { name: 'relation-model-get without -r', leader: false, line: ['relation-model-get'], expect: { code: 2, error: 'no relation id specified' } },
  {
    name: 'relation-model-get of an unknown relation',
    leader: false,
    line: ['relation-model-get', '-r', 'db:9'],
    expect: { code: 2, error: 'invalid value "db:9" for option -r: relation not found' },
  },
];

const db = { unit: 'db/0', leader: true };
/** The secrets both worlds start from; the db side names the relation `database:1`, the app side `db:1`. */
function seedSecrets(state: SecretsState): Record<string, string> {
  const secrets = new JujuSecrets(state);
  const own = secrets.add({ unit: 'app/0', leader: true }, { password: 'pw1' }, { label: 'mine' }).value;
  const granted = secrets.add(db, { token: 't1' }).value;
  const refused = secrets.add(db, { token: 't2' }).value;
  const revoked = secrets.add(db, { token: 't3' }).value;
  for (const uri of [granted, revoked]) secrets.grant({ ...db, relations: { 'database:1': 'app' } }, uri, 'database:1');
  secrets.revoke(db, revoked, { app: 'app' });
  return { own, granted, refused, revoked };
}

function fill(text: string, ids: Record<string, string>, last: string | undefined): string {
  return text
    .replace(/\{([a-z]+)-id\}/g, (_, name: string) => (name === 'last' ? last! : ids[name]!).slice('secret:'.length))
    .replace(/\{([a-z]+)\}/g, (_, name: string) => ids[name]!);
}

/** The case's expectation with its placeholders filled in (keys too); matchers are left as they are. */
function expected(value: unknown, ids: Record<string, string>, last: string | undefined): unknown {
  if (typeof value === 'string') return fill(value, ids, last);
  if (Array.isArray(value)) return value.map((item) => expected(item, ids, last));
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [fill(key, ids, last), expected(item, ids, last)]));
}

function outcome(response: { code: number; stdout: string; stderr: string }): Outcome {
  if (response.code !== 0) return { code: response.code, error: response.stderr.replace(/^ERROR /, '').trimEnd() };
  if (response.stdout === '') return { value: null };
  try {
    return { value: JSON.parse(response.stdout) as unknown };
  } catch {
    return { value: response.stdout.trimEnd() };
  }
}

type Runner = (line: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

/** Runs the case's lines; the URI a `before` secret-add printed is `{last-id}`. */
async function play(c: Case, ids: Record<string, string>, run: Runner): Promise<{ outcome: Outcome; last?: string }> {
  let last: string | undefined;
  for (const line of c.before ?? []) {
    const response = await run(line.map((arg) => fill(arg, ids, last)));
    expect(response, line.join(' ')).toMatchObject({ code: 0 });
    if (line[0] === 'secret-add') last = response.stdout.trim();
  }
  return { outcome: outcome(await run(c.line.map((arg) => fill(arg, ids, last)))), ...(last ? { last } : {}) };
}

const unitOf = (leader: boolean) => (leader ? { unit: 'app/0', peer: 'app/1' } : { unit: 'app/1', peer: 'app/0' });

const harnesses: Harness[] = [];
afterAll(() => {
  for (const harness of harnesses) harness.cleanUp();
});

async function throughHarness(c: Case): Promise<void> {
  const { unit, peer } = unitOf(c.leader);
  const harness = new Harness(tempDir(), { unit, leader: c.leader });
  harnesses.push(harness);
  harness.addRelation('cluster', 'app', { units: { [peer]: {} } });
  harness.addRelation('db', 'db', { units: { 'db/0': {} } });
  const tools = harness.tools;
  const ids = seedSecrets(tools.secrets.state);
  tools.addStorage('data', { location: '/srv/data/0' });
  tools.resources = { image: resourceFile };
  tools.modelUuid = MODEL_UUID;
  const { outcome: got, last } = await play(c, ids, (line) => runMemoryTool(tools, { context: 'harness', tool: line[0]!, args: line.slice(1), stdin: null }));
  expect(got, 'the Harness').toEqual(expected(c.expect, ids, last));
}

const appCharm = makeCharm({
  'metadata.yaml': [
    'name: app',
    'requires:\n  db: {interface: pgsql}',
    'peers:\n  cluster: {interface: app-peers}',
    'storage:\n  data: {type: filesystem}\n  logs: {type: filesystem, multiple: {range: 0-}}',
    'resources:\n  image: {type: file, filename: image.tar}\n  config: {type: file, filename: config.yaml}',
    '',
  ].join('\n'),
});
const dbCharm = makeCharm({ 'metadata.yaml': 'name: db\nprovides:\n  database: {interface: pgsql}\n' });

async function throughSimulator(c: Case): Promise<void> {
  const { unit, peer } = unitOf(c.leader);
  const sim = await Simulation.create(
    {
      applications: { app: { charm: appCharm, units: 2, config: {}, resources: { image: resourceFile } }, db: { charm: dbCharm, units: 1, config: {} } },
      relations: [['app:db', 'db:database']],
    },
    join(tempDir(), 'state'),
  );
  const view = sim.snapshot();
  view.uuid = MODEL_UUID;
  view.units[unit]!.relations[0] = { joined: [peer] };
  view.units[unit]!.relations[1] = { joined: ['db/0'] };
  view.units[unit]!.storage = { 'data/0': { kind: 'filesystem', location: '/srv/data/0' } };
  const ids = seedSecrets((view.secrets = emptySecretsState()));
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
    log: () => undefined,
  };
  expect(ctx.leader).toBe(c.leader);
  const { outcome: got, last } = await play(c, ids, async (line) => runTool(ctx, line[0]!, line.slice(1), null));
  expect(got, 'the simulator').toEqual(expected(c.expect, ids, last));
}

describe("Juju's secret, storage, resource, credential, state and relation-model rules, the same in the Harness and in the simulator", () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.line.join(' ').slice(0, 80)}`, async () => {
      await throughHarness(c);
      await throughSimulator(c);
    });
  }
});
