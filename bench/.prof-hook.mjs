import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FakeHookTools } from '../test-fixtures/fake-hook-tools.mjs';
import { unitEnv } from './lib.mjs';
import { writeSyntheticCharm } from './synthetic-charm.mjs';
const n = Number(process.argv[2] ?? 10); const extra = process.argv.slice(3);
const charm = writeSyntheticCharm(n, { entry: 'sh' });
const toolsDir = join(charm, '.fake-hook-tools'); mkdirSync(toolsDir);
const tools = new FakeHookTools(toolsDir).add('config-get', { stdout: '{}\n' }).add('juju-log').add('status-set').add('is-leader', { stdout: 'false\n' });
const times = [];
for (let i = 0; i < 7; i++) {
  const db = join(charm, '.unit-state.lmdb'); rmSync(db, { force: true }); rmSync(`${db}-lock`, { force: true });
  const env = unitEnv({ JUJU_CHARM_DIR: charm, JUJU_UNIT_NAME: 'synthetic/0', JUJU_HOOK_NAME: 'config-changed', UNIT_STATE_DB: db, PATH: tools.path()+':/usr/bin:/bin' });
  const s = performance.now();
  const c = spawnSync(process.execPath, [...extra, join(charm, 'hooks', 'entry.mjs')], { cwd: charm, env, encoding: 'utf8' });
  times.push(performance.now() - s);
  if (c.status) console.log(c.stderr);
}
console.log(times.map(t => t.toFixed(0)).join(' '));
rmSync(charm, { recursive: true, force: true });
