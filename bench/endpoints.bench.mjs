// A relation-changed hook on an endpoint with 10 relations of 20 units each,
// run as a whole hook process with fake hook tools: wall time and hook-tool
// calls, beside the calls the Python library makes by the rules of
// relations.md R1.6 (1 relation-ids per endpoint, 1 relation-list per
// relation, 1 relation-get per remote unit in the endpoint's relation hooks).
// Then the same hook with relation tools that take 20 ms each (a busy
// controller), with up to 8 of them in flight (the default) and one at a time
// (REACTIVE_PARALLEL_TOOLS=1), and the ratio of the two.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeHookTools } from '../test-fixtures/fake-hook-tools.mjs';
import { median, row, unitEnv } from './lib.mjs';

const RELATIONS = 10;
const UNITS = 20;
const RUNS = 5;

/** The concurrent run with 20 ms tools at most this share of the serial one. */
const SLOW_RATIO = 0.25;

export async function run() {
  const charmsDir = join(import.meta.dirname, '.charms');
  mkdirSync(charmsDir, { recursive: true });
  const dir = mkdtempSync(join(charmsDir, 'endpoints-'));
  try {
    writeCharm(dir);
    const { seconds, calls } = measure(dir, charmsDir, { runs: RUNS });
    const relationCalls = (calls['relation-ids'] ?? 0) + (calls['relation-list'] ?? 0) + (calls['relation-get'] ?? 0);
    process.stderr.write(`  endpoints: hook-tool calls ${JSON.stringify(calls)}\n`);
    const concurrent = measure(dir, charmsDir, { runs: 3, delayMs: 20 }).seconds;
    const serial = measure(dir, charmsDir, { runs: 3, delayMs: 20, env: { REACTIVE_PARALLEL_TOOLS: '1' } }).seconds;
    return [
      row(`relation-changed, ${RELATIONS} relations x ${UNITS} units: wall time`, seconds, 's'),
      row(`  relation-ids + relation-list + relation-get calls`, relationCalls, 'calls', 1 + RELATIONS + RELATIONS * UNITS + 1),
      row(`  the same for Python (R1.6)`, 1 + RELATIONS + RELATIONS * UNITS, 'calls'),
      row(
        `  all hook-tool calls`,
        Object.values(calls).reduce((a, b) => a + b, 0),
        'calls',
      ),
      row(`the same, relation tools taking 20 ms each, up to 8 in flight`, concurrent, 's'),
      row(`  the same, one at a time (REACTIVE_PARALLEL_TOOLS=1)`, serial, 's'),
      row(`  in flight over one at a time`, Math.round((concurrent / serial) * 100) / 100, 'x', SLOW_RATIO),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median wall time of the relation-changed hook, and the hook-tool calls of one run. */
function measure(dir, charmsDir, { runs, delayMs = 0, env = {} }) {
  const times = [];
  let calls = {};
  for (let i = 0; i < runs; i++) {
    rmSync(join(dir, '.unit-state.lmdb'), { force: true });
    rmSync(join(dir, '.unit-state.lmdb-lock'), { force: true });
    const fake = fakeTools(mkdtempSync(join(charmsDir, 'tools-')), delayMs);
    const start = performance.now();
    const child = spawnSync(join(dir, 'hooks', 'db-relation-changed'), [], {
      cwd: dir,
      encoding: 'utf8',
      env: unitEnv({
        PATH: fake.path(),
        JUJU_CHARM_DIR: dir,
        JUJU_UNIT_NAME: 'app/0',
        JUJU_HOOK_NAME: 'db-relation-changed',
        JUJU_RELATION: 'db',
        JUJU_RELATION_ID: 'db:0',
        JUJU_REMOTE_UNIT: 'pg/0',
        ...env,
      }),
    });
    times.push((performance.now() - start) / 1000);
    if (child.status !== 0) throw new Error(`hook failed: ${child.stderr}`);
    calls = {};
    for (const call of fake.calls()) calls[call.tool] = (calls[call.tool] ?? 0) + 1;
    rmSync(fake.dir, { recursive: true, force: true });
  }
  return { seconds: median(times), calls };
}

function writeCharm(dir) {
  const files = {
    'package.json': '{"type": "module"}\n',
    'metadata.yaml': 'name: app\nrequires:\n  db: {interface: pg}\n',
    'hooks/relations/pg/requires.js': "import { Endpoint } from '@reactive/endpoints';\nexport class PgRequires extends Endpoint {}\n",
    'reactive/app.js':
      "import { when } from '@reactive/bus';\nimport { clearFlag } from '@reactive/flags';\nwhen('endpoint.db.changed')(function seen() { clearFlag('endpoint.db.changed'); });\n",
    'hooks/db-relation-changed': "#!/usr/bin/env node\nimport { main } from '@reactive/bus';\nmain().catch(() => process.exit(1));\n",
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  chmodSync(join(dir, 'hooks', 'db-relation-changed'), 0o755);
}

function fakeTools(dir, delayMs = 0) {
  const ids = Array.from({ length: RELATIONS }, (_, i) => `db:${i}`);
  const units = Array.from({ length: UNITS }, (_, i) => `pg/${i}`);
  return new FakeHookTools(dir)
    .add('config-get', { stdout: '{}' })
    .add('juju-log')
    .add('relation-ids', { stdout: JSON.stringify(ids), delayMs })
    .add('relation-list', { stdout: JSON.stringify(units), delayMs })
    .add('relation-get', { stdout: JSON.stringify({ host: '10.0.0.1', port: '5432', 'private-address': '10.0.0.1' }), delayMs });
}
