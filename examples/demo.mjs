// `npm run demo`: the simulator runs the demo model (examples/my-app.yaml:
// the docs' my-app related to tiny-db) to quiescence, then changes the admin
// password, and prints what every hook did and the final status; it ends
// with `reactive why` on my-app/0: why its handlers ran, or did not.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatStatus, formatTimeline, loadModelFile, Simulation } from '@reactive/harness';

const examples = import.meta.dirname;
const state = mkdtempSync(join(tmpdir(), 'reactive-demo-'));
const say = (text) => process.stdout.write(`${text}\n`);

say(`Building the charms and deploying examples/my-app.yaml (state in ${state})…\n`);
const sim = await Simulation.create(loadModelFile(join(examples, 'my-app.yaml')), state, { build: { interfacePath: [join(examples, 'interfaces')] } });
const color = process.stdout.isTTY;
let result = await sim.run();
say(formatTimeline(result.timeline, { color }));

say("\nChanging my-app's admin-pass…\n");
sim.setConfig('my-app', { 'admin-pass': 'an0ther' });
result = await sim.run();
say(formatTimeline(result.timeline, { color }));

const conf = join(sim.status().applications['my-app'].charm, 'app.conf');
say(`\nmy-app/0 rendered ${conf} from the database's relation data:`);
say(readFileSync(conf, 'utf8'));
say('Status:');
say(formatStatus(sim.status()));

const reactive = join(examples, '..', 'node_modules', '.bin', 'reactive');
const why = (...args) => {
  say(`$ reactive ${args.join(' ')} --unit my-app/0 --sim ${state}`);
  say(execFileSync(reactive, [...args, '--unit', 'my-app/0', '--sim', state], { encoding: 'utf8' }));
};
say("\nmy-app/0's last hooks, from its flight record:\n");
why('history', '-n', '3');
say('Why did noDb not run in the last hook? And who set myapp.restart, which made the service restart?\n');
why('why', 'noDb');
why('why', 'myapp.restart');
await sim.close?.();
if (!result.quiesced || result.errors.length > 0) process.exitCode = 1;
