// A tiny database: gives every application that asks a database, a user and a password.
import { createHash } from 'node:crypto';
import { when, whenNot } from '@reactive/bus';
import { Endpoint } from '@reactive/endpoints';
import { setFlag } from '@reactive/flags';
import { config, localUnit, statusSet } from '@reactive/hookenv';

whenNot('tiny-db.started')(async function start() {
  await statusSet('active', 'Ready');
  setFlag('tiny-db.started');
});

when('database.database.requested')(function provideDatabase() {
  const database = Endpoint.fromName('database');
  for (const { relation, database: name } of database.requests()) {
    database.provide(relation, {
      host: `${localUnit().replace('/', '-')}.local`,
      port: config().get('port'),
      database: name,
      user: `${name}-user`,
      password: createHash('sha256').update(`${relation.relationId}:${name}`).digest('hex').slice(0, 16),
    });
  }
});
