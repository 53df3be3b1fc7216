export { runHook } from './run-hook.js';
export { layerOption } from './layer-options.js';
export { LAYER_DIR } from './layer-dir.js';
export { BUILD_MANIFEST, isCharmLayer } from './charm-layer.js';
export { CONFIG_CHANGED, clearConfigFlags, configFlags, configOptionOf, setConfigFlags } from './config-flags.js';
export { clearSecretFlags, secretFlags, setSecretFlags } from './secret-flags.js';
export { ATTACHED_STORAGE_KEY, clearStorageFlags, setStorageFlags, storageFlags } from './storage-flags.js';
export { aptInstall, installLayerPackages } from './apt.js';
export { PreInstallError, runPreInstall } from './exec-d.js';
// The one reader of charm YAML files lives in @reactive/bus; here for layer:basic's users.
export { CharmFileError, readCharmYAML } from '@reactive/bus';
