// discover(dir) reads the charm at `dir`, whatever $JUJU_CHARM_DIR says: its
// metadata.yaml for interface handlers, and handler ids relative to it.
import { afterEach, describe, expect, it } from 'vitest';
import { discover, Handler } from '@reactive/bus';
import { resetHookContext } from '@reactive/hookenv';
import { makeCharm } from '../../../test-fixtures/charm.mjs';

const files = {
  'metadata.yaml': 'name: app\nrequires:\n  db: {interface: pgsql}\n',
  'hooks/relations/pgsql/requires.js': "import { when } from '@reactive/bus';\nwhen('endpoint.{endpoint_name}.joined')(function joined() {});\n",
  'reactive/run': { content: '#!/bin/sh\nexit 1\n', mode: 0o755 },
};

const saved = process.env.JUJU_CHARM_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.JUJU_CHARM_DIR;
  else process.env.JUJU_CHARM_DIR = saved;
  resetHookContext();
});

describe('discover(dir)', () => {
  it.each([
    ['unset', () => undefined],
    ['another charm', () => makeCharm({ 'metadata.yaml': 'name: other\n' })],
  ])("with JUJU_CHARM_DIR %s: reads dir's metadata.yaml and names handlers relative to dir", async (_, other) => {
    const dir = makeCharm(files);
    const elsewhere = other();
    if (elsewhere === undefined) delete process.env.JUJU_CHARM_DIR;
    else process.env.JUJU_CHARM_DIR = elsewhere;
    resetHookContext();
    Handler.clear();
    await discover(dir, { reload: true });
    // (The previous case's module is still imported, its handler named relative to this dir too.)
    expect(Handler.getHandlers().map((handler) => handler.id())).toEqual(
      expect.arrayContaining(['reactive/run ""', 'hooks/relations/pgsql/requires.js:2:joined:db']),
    );
  });
});
