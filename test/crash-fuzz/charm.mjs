// The charm the crash fuzz kills: JavaScript and bash handlers that together
// set and clear hundreds of flags and unit-state keys, publish relation data
// through an Endpoint and set leader data, in one config-changed hook. The
// install hook before it leaves flags that config-changed clears, so "before"
// and "after" differ both ways.
export const FLAGS = 200;

export const files = {
  'package.json': '{"type": "module"}\n',
  'metadata.yaml': 'name: fuzz\nrequires:\n  db: {interface: pgsql}\n',
  'hooks/relations/pgsql/requires.js': `
import { Endpoint } from '@reactive/endpoints';
export class PgsqlRequires extends Endpoint {}
`,
  // The charm's own module for its unit state, relation and leader data: with --two-copies it finds the charm's own copy of @reactive/hookenv.
  'lib/charm-state.js': `export { leaderSet, relationSet, unitState } from '@reactive/hookenv';\n`,
  'lib/hook.mjs': `
import { main } from '@reactive/bus';
main().catch(() => { process.exitCode = 1; });
`,
  'reactive/app.js': `
import { clearFlag, setFlag } from '@reactive/flags';
import { leaderSet, relationSet, unitState } from '../lib/charm-state.js';
import { endpointFromName } from '@reactive/endpoints';
import { hook, when, whenNot } from '@reactive/bus';
const N = ${FLAGS};

hook('install')(function seed() {
  for (let i = 0; i < N; i++) setFlag('fuzz.old.' + i);
  unitState().set('fuzz.phase', 'installed');
});

whenNot('fuzz.js.done')(function writeMany() {
  if (process.env.JUJU_HOOK_NAME !== 'config-changed') return;
  for (let i = 0; i < N; i++) {
    setFlag('fuzz.js.' + i);
    unitState().set('fuzz.kv.' + i, { i, hook: process.env.JUJU_HOOK_NAME });
  }
  setFlag('fuzz.js.done');
});

when('fuzz.js.done')(whenNot('fuzz.published')(async function publish() {
  const relation = endpointFromName('db').relations[0];
  await relationSet({ relationId: relation.relationId }, { host: 'db.example' });
  relation.toPublish.set('port', 5432);
  await leaderSet({ token: 'fuzz-token' });
  setFlag('fuzz.published');
}));

when('fuzz.bash.done')(whenNot('fuzz.all.done')(function clearOld() {
  for (let i = 0; i < N; i++) clearFlag('fuzz.old.' + i);
  unitState().set('fuzz.phase', 'configured');
  setFlag('fuzz.all.done');
}));
`,
  'reactive/fuzz.sh': {
    mode: 0o755,
    content: `#!/bin/bash
source charms.reactive.sh

@when 'fuzz.js.done'
@when_not 'fuzz.bash.done'
function bash_many() {
    local i
    for i in 0 1 2 3 4 5; do
        charms.reactive set_flag "fuzz.bash.$i" --value "v$i" || return 1
    done
    charms.reactive set_flag fuzz.bash.done || return 1
}

reactive_handler_main
`,
  },
};
