import { afterEach, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';

let harness;
afterEach(() => harness?.cleanUp());

it('installs, then reports ready', async () => {
  harness = new Harness(new URL('..', import.meta.url).pathname, { config: { message: 'Ready' } });
  const install = await harness.runHook('install');
  expect(install.flags).toContain('__NAME__.installed');
  expect(harness.status).toEqual({ status: 'active', message: 'Ready' });
});
