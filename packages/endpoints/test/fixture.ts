import { MemoryHookTools } from '@reactive/hookenv';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

export const metadata = `
name: local
requires:
  test-endpoint: {interface: test-alt}
  test-endpoint2: {interface: test-alt}
  test-endpoint3: {interface: test-alt}
provides:
  website: {interface: http}
`;

/** The interface layer: handlers record what ran, with the endpoint they ran for, in "test.ran". */
export const requiresJs = `
import { Endpoint } from '@reactive/endpoints';
import { when, whenNot } from '@reactive/bus';
import { registerTrigger } from '@reactive/flags';
import { unitState } from '@reactive/hookenv';
const record = (what) => unitState().set('test.ran', [...unitState().get('test.ran', []), what]);

export class TestAltRequires extends Endpoint {
  registerTriggers() {
    registerTrigger({ when: this.expandName('joined'), setFlag: 'alias.' + this.endpointName + '.joined' });
    registerTrigger({ whenNot: this.expandName('joined'), clearFlag: 'alias.' + this.endpointName + '.joined' });
  }
  joined() { record('joined: ' + this.endpointName); }
  changed() { record('changed: ' + this.endpointName); }
  changedFoo() { record('changed.foo: ' + this.endpointName); }
}
when('endpoint.{endpoint_name}.joined')(TestAltRequires.prototype.joined);
when('endpoint.{endpoint_name}.changed')(TestAltRequires.prototype.changed);
when('endpoint.{endpoint_name}.changed.foo')(TestAltRequires.prototype.changedFoo);
`;

/** A charm using the test-alt interface, with a probe handler the test can hook into. */
export function charm(extra: Record<string, string> = {}): string {
  return makeCharm({
    'metadata.yaml': metadata,
    'hooks/relations/test-alt/requires.js': requiresJs,
    'reactive/probe.js': `
      import { hook } from '@reactive/bus';
      hook('{install,upgrade-charm,update-status,config-changed}', '{requires:test-alt}-relation-{created,joined,changed,departed,broken}')(
        function probe() { globalThis.probe?.(); });
    `,
    ...extra,
  });
}

/** The unit the tests' charm runs as, with the TestEndpoint relations of the Python tests. */
export function tools(): { tools: MemoryHookTools; rel0: string; rel1: string } {
  const tools = new MemoryHookTools({ unit: 'local/0', leader: true });
  const rel0 = tools.addRelation('test-endpoint', 'unit', {
    units: { 'unit/0': { foo: 'yes' }, 'unit/1': {} },
    appData: { simple: 'value', complex: '[1, 2]' },
  });
  const rel1 = tools.addRelation('test-endpoint', 'unit', { units: { 'unit/0': { bar: '[1, 2]' }, 'unit/1': { foo: 'no' } } });
  tools.relation(rel0).localUnitData = { key: 'value' };
  tools.relation(rel0).localAppData = { 'app-key': 'value' };
  return { tools, rel0, rel1 };
}
