// A toy database: gives every application that asks a user of its own, with a
// random password made once and kept where the application reads it (the
// secret, or the databag under Juju 2.9). It stores no data.
import { randomBytes } from 'node:crypto';
import { when, whenNot } from '@reactive/bus';
import { setFlag } from '@reactive/flags';
import { isLeader, localUnit, statusSet } from '@reactive/hookenv';
import type { DatabaseProvides } from '../../interfaces/database/provides.js';

whenNot('database-provider.started')(async function start() {
  await statusSet('active', 'Ready');
  setFlag('database-provider.started');
});

when('database.database.requested')(async function answer(database: DatabaseProvides) {
  if (!(await isLeader())) return;
  for (const { relation, database: name } of database.requests()) {
    const known = await database.published(relation);
    await database.provide(relation, {
      database: name,
      username: known.username ?? `relation_${relation.relationId.split(':')[1]}`,
      password: known.password ?? randomBytes(12).toString('hex'),
      endpoints: `${localUnit().replace('/', '-')}.local:5432`,
      version: '16.4',
    });
  }
});
