// __NAME__'s handlers: each runs when its flags say so.
import { setFlag } from '@reactive/flags';
import { config, statusSet } from '@reactive/hookenv';
import { when, whenNot } from '@reactive/bus';

whenNot('__NAME__.installed')(async function install() {
  await statusSet('maintenance', 'Installing');
  // Install the workload here.
  setFlag('__NAME__.installed');
});

when(
  '__NAME__.installed',
  'config.set.message',
)(async function ready() {
  await statusSet('active', String(config().get('message')));
});
