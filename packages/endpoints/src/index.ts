import { atStart } from '@reactive/hookenv';
import { setEndpointResolver, setFlagArgumentResolver, setRelationArgumentResolver } from '@reactive/bus';
import { Endpoint } from './endpoint.js';
import { endpointFromFlag, endpointFromName } from './endpoint-lookup.js';
import { startEndpoints } from './startup.js';

export { Endpoint } from './endpoint.js';
export { Relation } from './relation.js';
export { RelatedUnit } from './related-unit.js';
export { KeyList } from './key-list.js';
export { CachedKeyList } from './cached-key-list.js';
export { CombinedUnitsView } from './combined-units-view.js';
export { JSONUnitDataView, ReadOnlyDataError, UnitDataView } from './unit-data-view.js';
export { endpointFromFlag, endpointFromName } from './endpoint-lookup.js';
export { relationFactory, type EndpointClass } from './relation-factory.js';

// Endpoints start in every hook that loads this package, and `when` handlers
// that declare parameters receive the flags' endpoints.
atStart(startEndpoints, { everyHook: true });
setFlagArgumentResolver((flag) => endpointFromFlag(flag));
setRelationArgumentResolver((name) => endpointFromName(name));
// Methods of an interface layer's Endpoint class run with `this` bound to their endpoint.
setEndpointResolver((name) => Endpoint.fromName(name));

// Legacy API: RelationBase interface layers and their conversations.
export { scopes, type Scope } from './scopes.js';
export { Conversation, type ConversationFlagValue, type ConversationRecord } from './conversation.js';
export { RelationBase, type RelationBaseClass } from './relation-base.js';
export { relationCall, type RelationCallTarget } from './relation-call.js';
import './relation-base-startup.js';
