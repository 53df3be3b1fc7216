export {
  actionName,
  applicationName,
  charmDir,
  HOOK_VARIABLES,
  hookName,
  inRelationHook,
  localUnit,
  relationId,
  relationType,
  remoteApplication,
  remoteUnit,
  secretId,
  secretLabel,
  secretRevision,
  storageId,
  storageLocation,
  storageName,
  unitApplication,
} from './context.js';
export {
  ALL_HOOK_COMMANDS,
  DEFAULT_JUJU_VERSION,
  hasHook,
  hasHookCommand,
  JUJU_VERSIONS,
  jujuHasLeaderSettings,
  jujuHasSeriesUpgrades,
  jujuVersion,
  runningJujuMajor,
  SECRET_HOOKS,
  type JujuVersion,
  type JujuVersionName,
  type TargetVariable,
} from './juju-versions.js';
export {
  HookToolError,
  type HookTools,
  type LogLevel,
  type NetworkInfo,
  type RelationGetOptions,
  type RelationSetOptions,
  type RelationSettings,
  type SecretAddOptions,
  type SecretSetOptions,
  type Status,
  type StatusState,
  type StorageInfo,
} from './hook-tools.js';
export { ProcessHookTools } from './process-hook-tools.js';
export {
  defaultToolRunner,
  ProcessToolRunner,
  SocketToolRunner,
  UNIT_AGENT_SOCKET_ENV,
  type ToolResult,
  type ToolRunner,
  type UnitAgentCall,
} from './tool-runner.js';
export { MEMORY_SECRET_FILE, MemoryHookTools, type HookToolCall, type MemoryRelation, type MemoryUnitOptions } from './memory-hook-tools.js';
export {
  CREDENTIAL_REFUSED,
  jujuLogLevel,
  jujuRelationKey,
  NOT_LEADER,
  REBOOT_IN_ACTION,
  relationGetBag,
  resourceNotFound,
  storageGetAnswer,
  unitSettingsNotFound,
  type StorageAttachment,
} from './juju-rules.js';
export {
  emptySecretsState,
  JujuSecrets,
  type SecretAnswer,
  type SecretCaller,
  type SecretConsumerState,
  type SecretEvent,
  type SecretGrantState,
  type SecretInfo,
  type SecretOwner,
  type SecretRef,
  type SecretRevisionState,
  type SecretSettings,
  type SecretState,
  type SecretsState,
} from './juju-secrets.js';
export { isSecretUri, parseSecretId, secretUri } from './secret-uri.js';
export { SECRET_ROTATE_POLICIES, SECRET_SIZE_LIMIT, checkSecretContent, parseExpire, type SecretRotatePolicy } from './secret-values.js';
export { goQuote, ToolRefusal } from './tool-refusal.js';
export {
  clearHookCache,
  hookTools,
  isLeader,
  leaderGet,
  leaderSet,
  log,
  relatedUnits,
  relatedUnitsNow,
  relationGet,
  relationGetNow,
  relationIds,
  relationRemoteApp,
  relationSet,
  republishPublished,
  sendPublications,
  discardPublications,
  setHookTools,
  statusGet,
  statusSet,
} from './hook-api.js';
export { logError } from './error-log.js';
export { secrets } from './secrets.js';
export { storage } from './storage.js';
export { resourceGet } from './resources.js';
export { credentialGet } from './credentials.js';
export { atExit, atStart, runAtExit, runAtStart, type CallbackOptions } from './callbacks.js';
export { PUBLISHED_KEY } from './publish-ledger.js';
export { Config, config, loadConfig, CONFIG_SNAPSHOT_KEY, type CharmConfig, type ConfigOptions } from './config.js';
export { openedUnitState, setUnitState, UnitState, UnitStateError, unitState, unitStatePath, type UnitStateSnapshot } from './unit-state.js';
export { toJSONText, type JSONCompatible } from './json-value.js';
export { parsePythonJSON, pythonJSON } from './python-json.js';
export { resetHookContext } from './hook-context.js';
export { render, type RenderOptions } from './templating.js';
export { TemplateError } from './template-error.js';
