import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { committedFlags, committedState, runHook } from '../../../test-fixtures/run-hook.mjs';

const common = `
import { BaseRequest, BaseResponse, field } from '@reactive/patterns';
export class CertResponse extends BaseResponse {
  static cert = field('the signed certificate');
}
export class CertRequest extends BaseRequest {
  static RESPONSE_CLASS = CertResponse;
  static cn = field('common name');
  static sans = field('subject alternative names');
}
`;

const interfaceLayer = {
  'hooks/relations/tls/common.js': common,
  'hooks/relations/tls/requires.js': `
    import { RequesterEndpoint } from '@reactive/patterns';
    import { CertRequest } from './common.js';
    export class TlsRequires extends RequesterEndpoint { static REQUEST_CLASS = CertRequest; }
  `,
  'hooks/relations/tls/provides.js': `
    import { ResponderEndpoint } from '@reactive/patterns';
    import { CertRequest } from './common.js';
    export class TlsProvides extends ResponderEndpoint { static REQUEST_CLASS = CertRequest; }
  `,
};

function clientCharm(): string {
  return makeCharm({
    'metadata.yaml': 'name: client\nrequires:\n  certs: {interface: tls}\n',
    ...interfaceLayer,
    'reactive/client.js': `
      import { Endpoint } from '@reactive/endpoints';
      import { setFlag } from '@reactive/flags';
      import { unitState } from '@reactive/hookenv';
      import { when, whenNot } from '@reactive/bus';
      when('endpoint.certs.joined')(whenNot('client.requested')(function request() {
        const certs = Endpoint.fromName('certs');
        const relation = certs.relations[0];
        certs.requestClass.create(relation, { request_id: 'rid1', cn: 'y', sans: ['b', 'a'] });
        certs.requestClass.create(relation, { request_id: 'rid2', cn: 'web', sans: [] });
        certs.requestClass.create(relation, { cn: 'db', sans: ['db.local'] });
        setFlag('client.requested');
      }));
      when('endpoint.certs.has_responses')(function collect() {
        const certs = Endpoint.fromName('certs');
        unitState().set('client.certs', Object.fromEntries(certs.requests.map((r) => [r.cn, r.response?.cert ?? null])));
        unitState().set('client.lookup', certs.responseByCn('web')?.cert ?? null);
      });
    `,
  });
}

function caCharm(): string {
  return makeCharm({
    'metadata.yaml': 'name: ca\nprovides:\n  clients: {interface: tls}\n',
    ...interfaceLayer,
    'reactive/ca.js': `
      import { Endpoint } from '@reactive/endpoints';
      import { when } from '@reactive/bus';
      // Answers at most two requests per hook.
      when('endpoint.clients.new_requests')(function sign() {
        for (const request of Endpoint.fromName('clients').newRequests.slice(0, 2)) {
          request.respond({ cert: 'PEM for ' + request.cn });
        }
      });
    `,
  });
}

/** Two units related to each other: each one's published data is what the other receives. */
function model() {
  const client = new MemoryHookTools({ unit: 'client/0' });
  const ca = new MemoryHookTools({ unit: 'ca/0' });
  const certs = client.addRelation('certs', 'ca', { units: { 'ca/0': {} } });
  const clients = ca.addRelation('clients', 'client', { units: { 'client/0': {} } });
  const sync = () => {
    client.relation(certs).units['ca/0'] = { ...ca.relation(clients).localUnitData };
    ca.relation(clients).units['client/0'] = { ...client.relation(certs).localUnitData };
  };
  const env = (endpoint: string, rid: string, remote: string) => ({ JUJU_RELATION: endpoint, JUJU_RELATION_ID: rid, JUJU_REMOTE_UNIT: remote });
  return {
    client,
    ca,
    certs,
    clients,
    runClient: async (dir: string) => {
      sync();
      const error = await runHook(dir, 'certs-relation-changed', { tools: client, env: env('certs', certs, 'ca/0') });
      if (error) throw error;
    },
    runCa: async (dir: string) => {
      sync();
      const error = await runHook(dir, 'clients-relation-changed', { tools: ca, env: env('clients', clients, 'client/0') });
      if (error) throw error;
    },
  };
}

const flagsOf = async (dir: string, endpoint: string) =>
  (await committedFlags(dir)).filter((f) => /has_responses|all_responses|has_requests|new_requests/.test(f)).map((f) => f.replace(`endpoint.${endpoint}.`, ''));

describe('request / response between two charms', () => {
  it('3 requests, answered 2 then 1: the flags follow on each side', async () => {
    const m = model();
    const client = clientCharm();
    const ca = caCharm();

    await m.runClient(client);
    // Flags are worked out at the start of the hook: no request existed yet (0 of 0 answered).
    expect(await flagsOf(client, 'certs')).toEqual(['all_responses']);

    await m.runCa(ca);
    expect(await flagsOf(ca, 'clients')).toEqual(['has_requests', 'new_requests']);
    await m.runClient(client);
    expect(await flagsOf(client, 'certs')).toEqual(['has_responses']);

    await m.runCa(ca);
    expect(await flagsOf(ca, 'clients')).toEqual(['has_requests', 'new_requests']);
    await m.runClient(client);
    expect(await flagsOf(client, 'certs')).toEqual(['all_responses', 'has_responses']);

    await m.runCa(ca);
    expect(await flagsOf(ca, 'clients')).toEqual(['has_requests']);

    const state = await committedState(client);
    expect(state['client.certs']).toEqual({ y: 'PEM for y', web: 'PEM for web', db: 'PEM for db' });
    expect(state['client.lookup']).toBe('PEM for web');
  });

  it('puts requests and responses on the wire byte for byte as the Python library does', async () => {
    const m = model();
    const client = clientCharm();
    const ca = caCharm();
    await m.runClient(client);
    const published = m.client.relation(m.certs).localUnitData;
    expect(published.request_rid1).toBe('{"cn": "y", "request_id": "rid1", "sans": ["b", "a"]}');
    expect(published.request_rid2).toBe('{"cn": "web", "request_id": "rid2", "sans": []}');
    const generated = Object.keys(published).find((k) => !['request_rid1', 'request_rid2'].includes(k))!;
    expect(generated).toMatch(/^request_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await m.runCa(ca);
    // Two of the three (in request-id order) answered, each under its request's id.
    const responses = m.ca.relation(m.clients).localUnitData;
    expect(Object.keys(responses)).toHaveLength(2);
    expect(responses.response_rid1).toBe('{"cert": "PEM for y"}');
    for (const [key, value] of Object.entries(responses)) {
      const request = JSON.parse(published[key.replace('response_', 'request_')]!);
      expect(value).toBe(`{"cert": "PEM for ${request.cn}"}`);
    }
  });

  it('reads requests written by a Python requester', async () => {
    const m = model();
    const ca = caCharm();
    m.client.relation(m.certs).localUnitData = {
      'request_py-1': '{"cn": "legacy", "request_id": "py-1", "sans": ["x"]}',
      'private-address': '10.0.0.9',
      'not-a-request': 'plain',
    };
    await m.runCa(ca);
    expect(m.ca.relation(m.clients).localUnitData).toEqual({ 'response_py-1': '{"cert": "PEM for legacy"}' });
  });
});
