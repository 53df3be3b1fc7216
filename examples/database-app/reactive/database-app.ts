// An application of the database example: asks for its database, then writes
// the credentials it receives to its config file (readable by its owner only)
// and says where it connects.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { when, whenNot } from '@reactive/bus';
import { charmDir, statusSet } from '@reactive/hookenv';
import type { DatabaseRequires } from '../../interfaces/database/requires.js';

whenNot('db.connected')(async function needDatabase() {
  await statusSet('blocked', 'Needs a database relation');
});

when('db.connected')(
  whenNot('db.database.requested')(async function requestDatabase(db: DatabaseRequires) {
    await db.requestDatabase('database-app');
  }),
);

when('db.connected')(
  whenNot('db.database.available')(async function waitForCredentials() {
    await statusSet('waiting', 'Waiting for database credentials');
  }),
);

when('db.database.available')(async function connect(db: DatabaseRequires) {
  const credentials = (await db.credentials())!;
  const { username, password, endpoints, source } = credentials;
  writeFileSync(join(charmDir(), 'database-app.conf'), `endpoints = ${endpoints}\nuser = ${username}\npassword = ${password}\n`, { mode: 0o600 });
  await statusSet('active', `Connected to ${endpoints} as ${username} (credentials from the ${source})`);
});
