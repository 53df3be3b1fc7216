import { clearFlag, setFlag } from '@reactive/flags';
import { hookName } from '@reactive/hookenv';

/**
 * `upgrade.series.in-progress` is set by pre-series-upgrade and cleared by
 * post-series-upgrade: charms.reactive's own start-of-hook callback, so every
 * charm has it, with or without layer:basic.
 */
export function manageSeriesUpgradeFlag(): void {
  const hook = hookName();
  if (hook === 'pre-series-upgrade') setFlag('upgrade.series.in-progress');
  if (hook === 'post-series-upgrade') clearFlag('upgrade.series.in-progress');
}
