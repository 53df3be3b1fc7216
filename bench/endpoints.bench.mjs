// A relation-changed hook on an endpoint with 10 relations of 20 units each,
// run as a whole hook process with fake hook tools: wall time and hook-tool
// calls, beside the calls the Python library makes by the rules of
// relations.md R1.6 (1 relation-ids per endpoint, 1 relation-list per
// relation, 1 relation-get per remote unit in the endpoint's relation hooks).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeHookTools } from '../test-fixtures/fake-hook-tools.mjs';
import { median, row, unitEnv } from './lib.mjs';

const RELATIONS = 10;
const UNITS = 20;
const RUNS = 5;

export async function run() {
  const charmsDir = join(import.meta.dirname, '.charms');
  mkdirSync(charmsDir, { recursive: true });
  const dir = mkdtempSync(join(charmsDir, 'endpoints-'));
  try {
    writeCharm(dir);
    const times = [];
    let calls = {};
    for (let i = 0; i < RUNS; i++) {
      rmSync(join(dir, '.unit-state.lmdb'), { force: true });
      rmSync(join(dir, '.unit-state.lmdb-lock'), { force: true });
      const fake = fakeTools(mkdtempSync(join(charmsDir, 'tools-')));
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
        }),
      });
      times.push((performance.now() - start) / 1000);
      if (child.status !== 0) throw new Error(`hook failed: ${child.stderr}`);
      calls = {};
      for (const call of fake.calls()) calls[call.tool] = (calls[call.tool] ?? 0) + 1;
      rmSync(fake.dir, { recursive: true, force: true });
    }
    const relationCalls = (calls['relation-ids'] ?? 0) + (calls['relation-list'] ?? 0) + (calls['relation-get'] ?? 0);
    process.stderr.write(`  endpoints: hook-tool calls ${JSON.stringify(calls)}\n`);
    return [
      row(`relation-changed, ${RELATIONS} relations x ${UNITS} units: wall time`, median(times), 's'),
      row(`  relation-ids + relation-list + relation-get calls`, relationCalls, 'calls', 1 + RELATIONS + RELATIONS * UNITS + 1),
      row(`  the same for Python (R1.6)`, 1 + RELATIONS + RELATIONS * UNITS, 'calls'),
      row(`  all hook-tool calls`, Object.values(calls).reduce((a, b) => a + b, 0), 'calls'),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeCharm(dir) {
  const files = {
    'package.json': '{"type": "module"}\n',
    'metadata.yaml': 'name: app\nrequires:\n  db: {interface: pg}\n',
    'hooks/relations/pg/requires.js': "import { Endpoint } from '@reactive/endpoints';\nexport class PgRequires extends Endpoint {}\n",
    'reactive/app.js': "import { when } from '@reactive/bus';\nimport { clearFlag } from '@reactive/flags';\nwhen('endpoint.db.changed')(function seen() { clearFlag('endpoint.db.changed'); });\n",
    'hooks/db-relation-changed': "#!/usr/bin/env node\nimport { main } from '@reactive/bus';\nmain().catch(() => process.exit(1));\n",
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  chmodSync(join(dir, 'hooks', 'db-relation-changed'), 0o755);
}

function fakeTools(dir) {
  const ids = Array.from({ length: RELATIONS }, (_, i) => `db:${i}`);
  const units = Array.from({ length: UNITS }, (_, i) => `pg/${i}`);
  return new FakeHookTools(dir)
    .add('config-get', { stdout: '{}' })
    .add('juju-log')
    .add('relation-ids', { stdout: JSON.stringify(ids) })
    .add('relation-list', { stdout: JSON.stringify(units) })
    .add('relation-get', { stdout: JSON.stringify({ host: '10.0.0.1', port: '5432', 'private-address': '10.0.0.1' }) });
}
