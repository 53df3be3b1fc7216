/**
 * The scopes of a legacy {@link RelationBase} conversation (charms.reactive's
 * `scopes`): one conversation per remote unit (UNIT, the default), per remote
 * application (SERVICE), or one for the whole relation name (GLOBAL). A
 * RelationBase subclass may also use any other string as a custom scope, which
 * behaves like GLOBAL (one conversation, stored under that scope name).
 */
export const scopes = {
  GLOBAL: 'global',
  SERVICE: 'service',
  UNIT: 'unit',
} as const;

export type Scope = (typeof scopes)[keyof typeof scopes];
