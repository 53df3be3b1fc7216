import { clearFlag, setFlag } from '@reactive/flags';
import { hookName, jujuHasSeriesUpgrades } from '@reactive/hookenv';

/**
 * `upgrade.series.in-progress` is set by pre-series-upgrade and cleared by
 * post-series-upgrade: charms.reactive's own start-of-hook callback, so every
 * charm has it, with or without layer:basic.
 */
export const SERIES_UPGRADE_FLAG = 'upgrade.series.in-progress';

/**
 * Under a Juju without series upgrades (4.0) the flag is cleared in every
 * hook: one left set under 3.6 would otherwise hold for good, as no
 * post-series-upgrade will ever come.
 */
export function manageSeriesUpgradeFlag(): void {
  const hook = hookName();
  if (!jujuHasSeriesUpgrades()) clearFlag(SERIES_UPGRADE_FLAG);
  else if (hook === 'pre-series-upgrade') setFlag(SERIES_UPGRADE_FLAG);
  else if (hook === 'post-series-upgrade') clearFlag(SERIES_UPGRADE_FLAG);
}
