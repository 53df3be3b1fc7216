export { runHook } from './run-hook.js';
export { layerOption } from './layer-options.js';
export { CONFIG_CHANGED, clearConfigFlags, configFlags, configOptionOf, setConfigFlags } from './config-flags.js';
export { aptInstall, installLayerPackages } from './apt.js';
export { PreInstallError, runPreInstall } from './exec-d.js';
export { CharmFileError, readCharmYAML } from './cached-yaml.js';
