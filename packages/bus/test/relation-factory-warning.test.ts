// Python's Endpoint startup asks each relation of metadata.yaml for its
// RelationFactory and warns "No RelationFactory found in ..." when the
// interface layer's role module defines none. Here an interface module that
// never loads @reactive/endpoints gets the same WARNING, from discovery.
import { describe, expect, it } from 'vitest';
import { MemoryHookTools } from '@reactive/hookenv';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { runHook } from '../../../test-fixtures/run-hook.mjs';

const metadata = 'name: app\nrequires:\n  db: {interface: pgsql}\n  cache: {interface: redis}\n';
const plainModule = `
import { when } from '@reactive/bus';
when('endpoint.{endpoint_name}.joined')(function joined() {});
`;
const endpointModule = `
import { Endpoint } from '@reactive/endpoints';
export class Redis extends Endpoint {}
`;

async function warnings(files: Record<string, string>): Promise<string[]> {
  const dir = makeCharm({ 'metadata.yaml': metadata, ...files });
  const tools = new MemoryHookTools({ unit: 'app/0' });
  expect(await runHook(dir, 'update-status', { tools })).toBeUndefined();
  return tools.logs.filter((entry) => entry.level === 'WARNING').flatMap((entry) => entry.message.split('\n'));
}

describe('an interface module that defines no Endpoint or RelationBase', () => {
  it('is logged at WARNING, as Python does, when nothing loads @reactive/endpoints', async () => {
    expect(await warnings({ 'hooks/relations/pgsql/requires.js': plainModule })).toEqual(['No RelationFactory found in hooks/relations/pgsql/requires.js']);
  });

  it('is logged once, by @reactive/endpoints, when it is loaded; one that defines an Endpoint is not', async () => {
    const found = await warnings({ 'hooks/relations/pgsql/requires.js': plainModule, 'hooks/relations/redis/requires.js': endpointModule });
    expect(found).toEqual(['No RelationFactory found in hooks/relations/pgsql/requires.js']);
  });
});
