import { clearFlag, setFlag } from '@reactive/flags';
import { hookName } from '@reactive/hookenv';

/**
 * `upgrade.series.in-progress` is set by pre-series-upgrade and cleared by
 * post-series-upgrade: charms.reactive's own start-of-hook callback, so every
 * charm has it, with or without layer:basic.
 */
export const SERIES_UPGRADE_FLAG = 'upgrade.series.in-progress';

export function manageSeriesUpgradeFlag(): void {
  const hook = hookName();
  if (hook === 'pre-series-upgrade') setFlag(SERIES_UPGRADE_FLAG);
  if (hook === 'post-series-upgrade') clearFlag(SERIES_UPGRADE_FLAG);
}
