// The charms.reactive docs' example: render the config file when the database
// is available and an admin password is set; restart when the file changed.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { anyFileChanged, when, whenNot } from '@reactive/bus';
import { Endpoint } from '@reactive/endpoints';
import { clearFlag, setFlag } from '@reactive/flags';
import { charmDir, config, log, statusSet } from '@reactive/hookenv';

const configFile = () => resolve(charmDir(), String(config().get('config-path') || 'app.conf'));

when('db.connected')(
  whenNot('db.database.requested')(function requestDatabase() {
    Endpoint.fromName('db').requestDatabase('my-app');
  }),
);

when(
  'db.database.available',
  'config.set.admin-pass',
)(function renderConfig() {
  const db = Endpoint.fromName('db');
  const text = [`db_conn = ${db.connectionString()}`, `admin_pass = ${config().get('admin-pass')}`, ''].join('\n');
  writeFileSync(configFile(), text, { mode: 0o600 });
  if (anyFileChanged([configFile()])) setFlag('myapp.restart');
});

when('myapp.restart')(async function restartService() {
  await log('restarting my-app');
  clearFlag('myapp.restart');
  setFlag('myapp.started');
});

whenNot('db.database.available')(async function noDb() {
  clearFlag('myapp.started');
  await statusSet('waiting', 'Waiting on database');
});

whenNot('config.set.admin-pass')(async function noAdminPass() {
  await statusSet('blocked', 'Missing admin password');
});

when(
  'myapp.started',
  'db.database.available',
  'config.set.admin-pass',
)(async function ready() {
  await statusSet('active', 'Ready');
});
