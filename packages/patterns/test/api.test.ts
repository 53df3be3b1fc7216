import { afterEach, describe, expect, it } from 'vitest';
import { Endpoint } from '@reactive/endpoints';
import { MemoryHookTools } from '@reactive/hookenv';
import { BaseRequest } from '@reactive/patterns';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { runHook } from '../../../test-fixtures/run-hook.mjs';

const g = globalThis as { probe?: () => void };
afterEach(() => delete g.probe);

// Requests are cached per request class (as in Python): a charm using both
// roles of one interface would share the cache, so each role gets its own class here.
const layer = {
  'metadata.yaml': 'name: app\nrequires:\n  certs: {interface: tls}\nprovides:\n  clients: {interface: tls}\n',
  'hooks/relations/tls/common.js': `
    import { BaseRequest, BaseResponse, field } from '@reactive/patterns';
    export class CertResponse extends BaseResponse { static cert = field('cert'); static foo = field('foo'); }
    export class CertRequest extends BaseRequest { static RESPONSE_CLASS = CertResponse; static cn = field('cn'); static bar = field('bar'); }
    export class ServerCertRequest extends CertRequest {}`,
  'hooks/relations/tls/requires.js': `
    import { RequesterEndpoint } from '@reactive/patterns';
    import { CertRequest } from './common.js';
    export class TlsRequires extends RequesterEndpoint { static REQUEST_CLASS = CertRequest; }`,
  'hooks/relations/tls/provides.js': `
    import { ResponderEndpoint } from '@reactive/patterns';
    import { ServerCertRequest } from './common.js';
    export class TlsProvides extends ResponderEndpoint { static REQUEST_CLASS = ServerCertRequest; }`,
  'reactive/probe.js': `import { hook } from '@reactive/bus'; hook('install')(function probe() { globalThis.probe?.(); });`,
};

async function inHook(check: () => void, tools = new MemoryHookTools({ unit: 'app/0' })): Promise<void> {
  let failure: unknown;
  g.probe = () => {
    try {
      check();
    } catch (error) {
      failure = error;
    }
  };
  const error = await runHook(makeCharm(layer), 'install', { tools });
  if (error) throw error;
  if (failure) throw failure;
}

function withRelations(): MemoryHookTools {
  const tools = new MemoryHookTools({ unit: 'app/0' });
  tools.addRelation('certs', 'ca', {
    units: { 'ca/0': { response_r1: '{"cert": "C1", "foo": "FOO"}', 'ingress-address': '10.0.0.7' } },
  });
  const clients = tools.addRelation('clients', 'web', {
    units: { 'web/0': { request_w1: '{"cn": "web", "request_id": "w1"}', 'ingress-address': '"10.1.1.1"', 'egress-subnets': '10.1.1.0/24' } },
  });
  tools.relation(clients).localUnitData = {};
  tools.relation(tools.relations.keys().next().value!).localUnitData = { request_r1: '{"bar": "B", "cn": "one", "request_id": "r1"}' };
  return tools;
}

describe('request / response API', () => {
  it('find, findAll, get, createOrUpdate and the generated responseBy lookups', async () => {
    await inHook(() => {
      const certs = Endpoint.fromName('certs') as any;
      const cls = certs.requestClass;
      expect(certs.requests.map((r: any) => r.requestId)).toEqual(['r1']);
      expect(cls.get('r1').cn).toBe('one');
      expect(cls.find({ cn: 'one' })).toBe(cls.get('r1'));
      expect(cls.find({ cn: 'nope' })).toBeNull();
      expect(certs.responseByCn('one').cert).toBe('C1');
      expect(certs.responseByBar('B').cert).toBe('C1');
      expect(certs.responseByRequestId('r1').cert).toBe('C1');
      // Only request fields are matched: 'FOO' is a response field.
      expect(certs.responseByBar('FOO')).toBeNull();
      const updated = cls.createOrUpdate(['cn'], certs.relations[0], { cn: 'one', bar: 'B2' });
      expect(updated).toBe(cls.get('r1'));
      expect(updated.bar).toBe('B2');
      const created = cls.createOrUpdate(['cn'], certs.relations[0], { cn: 'two' });
      expect(created.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(cls.findAll({}).length).toBe(2);
      expect(JSON.parse(JSON.stringify(cls.get('r1')))).toEqual({ bar: 'B2', cn: 'one', request_id: 'r1' });
      expect(cls.get('r1').ingressAddress).toBeNull();
    }, withRelations());
  });

  it('refuses changes that make no sense', async () => {
    await inHook(() => {
      const certs = Endpoint.fromName('certs') as any;
      const clients = Endpoint.fromName('clients') as any;
      const mine = certs.requestClass.get('r1');
      expect(() => mine.updateField('request_id', 'x')).toThrow("request_id can't be modified");
      expect(() => mine.respond({ cert: 'x' })).toThrow("can't respond to requests we created");
      expect(() => (mine.response.cert = 'changed')).toThrow("can't change field for received response");
      const received = clients.allRequests[0];
      expect(received.isReceived).toBe(true);
      expect(received.ingressAddress).toBe('10.1.1.1');
      expect(received.egressSubnets).toBe('10.1.1.0/24');
      expect(() => (received.cn = 'x')).toThrow("can't change field for received request");
      const response = received.respond({ cert: 'W' });
      response.cert = 'W2';
      expect(received.response.cert).toBe('W2');
    }, withRelations());
  });

  it('a request class without RESPONSE_CLASS, or an endpoint without REQUEST_CLASS, is an error', async () => {
    const dir = makeCharm({
      ...layer,
      'hooks/relations/tls/requires.js': `import { RequesterEndpoint } from '@reactive/patterns'; export class Bad extends RequesterEndpoint {}`,
    });
    expect(((await runHook(dir, 'install')) as Error).message).toBe('REQUEST_CLASS must be defined by subclass');
    class NoResponse extends BaseRequest {}
    expect(() => new NoResponse(null as never, 'x')).toThrow('RESPONSE_CLASS must be defined by subclass');
  });
});
