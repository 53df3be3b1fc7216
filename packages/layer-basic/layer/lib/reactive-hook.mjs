// The hook entry of a reactive charm (from layer:basic): the whole hook.
import { fileURLToPath } from 'node:url';
import { runHook } from '@reactive/layer-basic';

// Run by hand without JUJU_CHARM_DIR, the charm is the one this file belongs
// to (<charm>/lib/reactive-hook.mjs), as bin/reactive-hook takes it: not the
// working folder, where the unit state would otherwise be written.
if (!process.env.JUJU_CHARM_DIR) {
  const charm = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
  process.env.JUJU_CHARM_DIR = charm;
  process.env.CHARM_DIR ||= charm;
  process.chdir(charm);
}
process.exitCode = await runHook();
