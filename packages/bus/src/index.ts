export {
  collectMetrics,
  hook,
  meterStatusChanged,
  notUnless,
  onlyOnce,
  setFlagArgumentResolver,
  setRelationArgumentResolver,
  when,
  whenAll,
  whenAny,
  whenFileChanged,
  whenNone,
  whenNot,
  whenNotAll,
  type FlagArgumentResolver,
  type RelationArgumentResolver,
  type HandlerDecorator,
} from './decorators.js';
export type { ArgumentsDecorator, Fillable, UnfillableHandler } from './handler-arguments.js';
export { setEndpointResolver, type EndpointResolver } from './interface-handlers.js';
export { Handler, type Action, type ArgumentSource, type Gate, type Predicate } from './handler.js';
export { bashFunctions, type BashFunction } from './bash-functions.js';
export { BrokenHandlerError, ExternalHandler, setExternalHandlerOutput } from './external-handler.js';
export { HANDLER_AGENT_ENV, HANDLER_AGENT_EXPORT, HandlerAgent, type HandlerAgentRequest } from './handler-agent.js';
export { discover, DiscoveryError, loadedModule } from './discover.js';
export { classifyHandlerFile, HANDLER_ROOTS, readHead, type HandlerFile } from './handler-files.js';
export { dispatch, dispatchStats, HandlerError, MAX_ITERATIONS } from './dispatch.js';
export { main, RESTRICTED_HOOKS, type MainOptions } from './main.js';
export { anyFileChanged, dataChanged, isDataChanged, markInvoked, wasInvoked, type FileName, type HashType } from './helpers.js';
export { anyHook, expandHookPattern } from './hook-patterns.js';
export { CharmFileError, parseCharmYAML, readCharmYAML } from './charm-yaml.js';
export { checkConfigShape, checkRelationSections, RELATION_ROLES, type CharmFileFail } from './charm-file-rules.js';
export { charmMetadata, relationNames, type CharmMetadata, type RelationRole, type RelationSpec } from './metadata.js';
export { dispatchPhase, type Phase } from './phase.js';
export { explainFlags, flagsHold, summarise as summariseCondition, type Condition, type ConditionSummary } from './condition.js';
export {
  FlightRecordError,
  KEPT_RECORDS,
  MAX_RECORD_CHARS,
  readFlightRecords,
  readHandlerCatalogue,
  type FlagChange,
  type FlightRecord,
  type HandlerCatalogue,
  type Invocation,
} from './flight-record.js';
export { FLIGHT_RECORDER_ENV } from './flight-recorder.js';
export { handlersNotRun, whyNotRun, type NotRun } from './flight-explain.js';
export { SERIES_UPGRADE_FLAG } from './series-upgrade.js';
