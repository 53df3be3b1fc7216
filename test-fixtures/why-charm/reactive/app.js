// Chained handlers: install -> configured -> (with a database) started.
import { hook, when, whenNot } from '@reactive/bus';
import { Endpoint } from '@reactive/endpoints';
import { clearFlag, setFlag } from '@reactive/flags';
import { config, statusSet } from '@reactive/hookenv';

hook('install')(function install() {
  setFlag('app.installed');
});

when('app.installed')(
  whenNot('app.configured')(function configure() {
    setFlag('app.configured');
  }),
);

when('db.connected')(
  whenNot('db.database.requested')(function requestDatabase() {
    Endpoint.fromName('db').requestDatabase('why');
  }),
);

when(
  'app.configured',
  'db.database.available',
)(async function start() {
  setFlag('app.started');
  clearFlag('app.waiting');
  await statusSet('active', 'ready');
});

whenNot('db.database.available')(async function waitForDb() {
  setFlag('app.waiting');
  await statusSet('waiting', 'waiting for a database');
});

when('app.started')(function explodeOnRequest() {
  if (config().get('explode')) throw new Error('told to explode');
});
