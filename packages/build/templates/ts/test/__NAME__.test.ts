import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Harness } from '@reactive/harness';

let harness: Harness | undefined;
afterEach(() => harness?.cleanUp());

it('installs, then reports ready', async () => {
  harness = new Harness(join(import.meta.dirname, '..'), { config: { message: 'Ready' } });
  const install = await harness.runHook('install');
  expect(install.flags).toContain('__NAME__.installed');
  expect(harness.status).toEqual({ status: 'active', message: 'Ready' });
});
