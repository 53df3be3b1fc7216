export { UnitAgentServer, type ToolHandler } from './unit-agent.js';
export { coerceOption, loadCharm, type CharmEndpoint, type CharmInfo, type CharmOption, type OptionType, type Role } from './charm.js';
export { ModelError, NotQuiescentError } from './errors.js';
export { defaultMaxHooks } from './hook-budget.js';
export { compareRuns, explore, type Divergence, type Exploration, type ExploredRun, type ExploreOptions, type OutcomeGroup } from './explore.js';
export { explorationSummary, formatExploration } from './explore-format.js';
export { outcomeDiff, settledOutcome, type Outcome } from './outcome.js';
export { readDuration } from './juju-clock.js';
export { parseActionArgs, type CharmAction, type ParamSchema } from './actions.js';
export type { ActionResult } from './hook-run.js';
export { baseHookEnv, hookCommand } from './process.js';
export {
  Simulation,
  type ApplicationStatus,
  type ModelStatus,
  type RelationStatus,
  type RunOptions,
  type RunResult,
  type SimulationOptions,
  type UnitStatus,
} from './simulation.js';
export { loadModelFile, parseEndpointArg, parseModel, parseSetArgument, type ApplicationSpec, type ModelSpec, type ParseModelOptions } from './spec.js';
export type { Bag, ModelState, QueuedEvent, RelationRecord, StatusValue, UnitRecord } from './state.js';
export { formatStatus, formatWhy } from './status-format.js';
export { describeEntry, formatTimeline, handlersInLog, shortHandler, type TimelineEntry } from './timeline.js';
export { HOOK_TOOLS, render, runTool, type ToolContext, type ToolResponse } from './tools.js';
export { buildRunnableCharm, type BuildCharmsOptions } from './build-charms.js';
export { isCharmLayer } from '@reactive/layer-basic';
