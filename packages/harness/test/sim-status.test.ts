// An application's status as `juju status` shows it: the status its leader
// set (status-set --application), else the most significant of its units'
// workload statuses (Juju's DeriveStatus: error, blocked, maintenance,
// waiting, active, unknown), with that unit's message.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatStatus, Simulation } from '@reactive/harness';
import { makeCharm } from '../../../test-fixtures/charm.mjs';
import { tempDir } from '../../../test-fixtures/temp.mjs';

const hook = (body: string) => ({ content: `#!/bin/sh\n${body}\n`, mode: 0o755 });

/**
 * A sh charm whose config-changed sets each unit's status from the option
 * `statuses`: `0=active:ok 1=waiting:db` (unit number = status:message; `2=fail`
 * fails the hook there; `app=active:up` is the leader's application status).
 */
function statusCharm(): string {
  return makeCharm({
    'metadata.yaml': 'name: thing\n',
    'config.yaml': 'options:\n  statuses: {type: string, default: ""}\n',
    'hooks/config-changed': hook(
      [
        'n=${JUJU_UNIT_NAME#*/}',
        'for pair in $(config-get statuses); do',
        '  key=${pair%%=*}; value=${pair#*=}',
        '  if [ "$key" = "$n" ]; then',
        '    [ "$value" = fail ] && exit 1',
        '    status-set "${value%%:*}" "${value#*:}"',
        '  fi',
        '  if [ "$key" = app ] && [ "$(is-leader)" = True ]; then status-set --application "${value%%:*}" "${value#*:}"; fi',
        'done',
      ].join('\n'),
    ),
  });
}

async function appStatus(sim: Simulation, statuses: string): Promise<string> {
  sim.setConfig('thing', { statuses });
  await sim.run();
  const { status, message } = sim.status().applications.thing!.status;
  return `${status}: ${message}`;
}

describe("an application's status", () => {
  it("is its units' most significant workload status, or the one its leader set", async () => {
    const sim = await Simulation.create({ applications: { thing: { charm: statusCharm(), units: 3, config: {} } }, relations: [] }, join(tempDir(), 'state'), {
      retries: 0,
    });
    await sim.run();
    expect(sim.status().applications.thing!.status).toEqual({ status: 'unknown', message: '' });
    expect(await appStatus(sim, '0=active:ok 1=active:fine 2=active:good')).toBe('active: ok');
    expect(await appStatus(sim, '0=active:ok 1=waiting:for-db 2=maintenance:installing')).toBe('maintenance: installing');
    expect(await appStatus(sim, '0=waiting:for-db 1=active:fine 2=waiting:for-cache')).toBe('waiting: for-db');
    expect(await appStatus(sim, '0=maintenance:busy 1=blocked:needs-config 2=active:good')).toBe('blocked: needs-config');
    expect(await appStatus(sim, '0=maintenance:busy 1=blocked:needs-config 2=fail')).toBe('error: hook failed: "config-changed"');
    expect(formatStatus(sim.status())).toMatch(/\nthing {2}thing {2}3 {6}error {3}[^\n]*hook failed: "config-changed"\n/);
    sim.resolve('thing/2', { retry: false });
    expect(await appStatus(sim, '0=maintenance:busy 1=blocked:needs-config 2=active:good app=active:serving')).toBe('active: serving');
  });
});
