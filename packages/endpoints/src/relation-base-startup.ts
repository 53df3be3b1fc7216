import { setFlag } from '@reactive/flags';
import { atExit, atStart, hookName, relatedUnits, relationIds, relationId, relationType, remoteUnit, unitState } from '@reactive/hookenv';
import { Conversation, CONVERSATION_PREFIX, conversationFlags, conversationFlagValue } from './conversation.js';
import { forgetRelationBaseClasses, RelationBase } from './relation-base.js';
import { scopes } from './scopes.js';

/**
 * The start of every (non-restricted) hook for legacy RelationBase layers
 * (Python's `RelationBase._startup`): forget last hook's classes, migrate
 * conversation records of the old format, and in a `-relation-departed` hook,
 * at its end, remove the departing unit from its UNIT conversation.
 */
export async function startRelationBase(): Promise<void> {
  forgetRelationBaseClasses();
  await migrateConversations();
  const relation = relationType();
  if (hookName().endsWith('-relation-departed') && relation && relationId() && remoteUnit()) {
    atExit(() => {
      // As Python does: a base-class instance (UNIT scope), so only UNIT conversations are cleaned up.
      new RelationBase(relation).conversation().depart();
    });
  }
}

/**
 * Rewrites conversation records of the format before charms.reactive's fix
 * for issue #28 (`{relation_name, scope, units}`): a GLOBAL one gains its
 * namespace; a SERVICE or UNIT one is split into one record per relation id
 * (keeping the units still related there), and the flags that listed the old
 * key list the new ones instead.
 */
export async function migrateConversations(): Promise<void> {
  const state = unitState();
  for (const key of state.keys(CONVERSATION_PREFIX)) {
    if (key.includes('local-data')) continue;
    const data = state.get<unknown>(key);
    if (!data || typeof data !== 'object' || Array.isArray(data) || 'namespace' in data) continue;
    const { relation_name: relationName, ...rest } = data as { relation_name?: unknown; scope?: unknown; units?: unknown };
    if (typeof relationName !== 'string' || typeof rest.scope !== 'string') continue;
    if (rest.scope === scopes.GLOBAL) {
      state.set(key, { ...rest, namespace: relationName });
      continue;
    }
    const oldUnits = new Set(Array.isArray(rest.units) ? rest.units : []);
    const newKeys: string[] = [];
    for (const rid of await relationIds(relationName)) {
      const units = (await relatedUnits(rid)).filter((unit) => oldUnits.has(unit));
      if (units.length === 0) continue;
      const newKey = Conversation.keyFor(rid, rest.scope);
      state.set(newKey, new Conversation(rid, units, rest.scope).serialize());
      newKeys.push(newKey);
    }
    state.unset(key);
    for (const flag of conversationFlags()) {
      const value = conversationFlagValue(flag)!;
      if (!value.conversations.includes(key)) continue;
      value.conversations = [...value.conversations.filter((k) => k !== key), ...newKeys];
      setFlag(flag, value);
    }
  }
}

atStart(startRelationBase, { everyHook: true });
