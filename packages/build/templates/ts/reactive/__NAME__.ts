// __NAME__'s handlers: each runs when its flags say so.
import { when, whenNot } from '@reactive/bus';
import { setFlag } from '@reactive/flags';
import { config, statusSet } from '@reactive/hookenv';

whenNot('__NAME__.installed')(async function install(): Promise<void> {
  await statusSet('maintenance', 'Installing');
  // Install the workload here.
  setFlag('__NAME__.installed');
});

when(
  '__NAME__.installed',
  'config.set.message',
)(async function ready(): Promise<void> {
  // Typed from config.yaml by config.d.ts (`reactive types`, npm test and the build write it).
  await statusSet('active', config().get('message'));
});
