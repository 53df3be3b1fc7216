/** What the guard asks a view: whether it holds a key, and whether this unit may write it. */
interface DataView {
  has(key: string): boolean;
  readonly writeable: boolean;
}

/**
 * The view, refusing to be used as a plain object: a property write would add
 * a property that nobody publishes (the unit then waits forever for its
 * peer), and a property read of a key would answer undefined for data that is
 * there. Each refusal names the call to make. The view's own members (`size`,
 * `get`, …) are not keys; property reads and `in` of names the view does not
 * hold answer as for any object (undefined, false), which is also what the
 * data says.
 */
export function guardProperties<T extends DataView>(view: T): T {
  return new Proxy(view, {
    get(target, name, receiver) {
      if (isDataKey(target, name)) throw new TypeError(`Relation data is not read as a property (.${name}): call .get('${name}')`);
      return Reflect.get(target, name, receiver);
    },
    has(target, name) {
      if (isDataKey(target, name)) throw new TypeError(`Relation data keys are not properties ('${name}' in …): call .has('${name}')`);
      return Reflect.has(target, name);
    },
    set(target, name, value, receiver) {
      if (typeof name === 'symbol') return Reflect.set(target, name, value, receiver);
      throw writeError(target, name);
    },
    defineProperty(target, name, descriptor) {
      if (typeof name === 'symbol') return Reflect.defineProperty(target, name, descriptor);
      throw writeError(target, name);
    },
    deleteProperty(target, name) {
      if (typeof name === 'symbol') return Reflect.deleteProperty(target, name);
      throw new TypeError(`Relation data is not deleted as a property (delete .${name}): call .delete('${name}')`);
    },
  });
}

function isDataKey(view: DataView, name: string | symbol): name is string {
  // `then` stays a plain property: a promise resolved with a view reads it, and a remote unit may publish that key.
  return typeof name === 'string' && name !== 'then' && !(name in view) && view.has(name);
}

function writeError(view: DataView, name: string): TypeError {
  return new TypeError(
    view.writeable
      ? `Relation data is not written as a property (.${name} = …): call .set('${name}', value), which publishes it at the end of the hook`
      : `Remote relation data is read-only (.${name} = …): publish this unit's data with relation.toPublish.set('${name}', value)`,
  );
}
