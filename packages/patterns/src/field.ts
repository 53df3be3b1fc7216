/** A field of a request or response: declared as a static property, read and written on instances. */
export class Field {
  readonly description: string;

  constructor(description: string) {
    this.description = description;
  }
}

/**
 * Declares a field: `static cn = field('common name')` on a BaseRequest or
 * BaseResponse subclass makes `request.cn` read and write the `cn` field of
 * the data on the wire (the property name is the wire name).
 */
export function field(description: string): Field {
  return new Field(description);
}

/** The fields a class declares, its own and inherited, sorted by name. */
export function fieldsOf(cls: Function): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (let c: Function | null = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const name of Object.getOwnPropertyNames(c)) {
      const value = (c as unknown as Record<string, unknown>)[name];
      if (value instanceof Field && !fields.has(name)) fields.set(name, value);
    }
  }
  return new Map([...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface FieldHolder {
  getField(name: string): unknown;
  updateField(name: string, value: unknown): void;
}

const accessorsDefined = new WeakSet<Function>();

/** Gives instances of `cls` a property per field, reading and writing the wire data. */
export function defineFieldAccessors(cls: Function): void {
  if (accessorsDefined.has(cls)) return;
  accessorsDefined.add(cls);
  for (const name of fieldsOf(cls).keys()) {
    if (name in cls.prototype) continue;
    Object.defineProperty(cls.prototype, name, {
      get(this: FieldHolder) {
        return this.getField(name);
      },
      set(this: FieldHolder, value: unknown) {
        this.updateField(name, value);
      },
      configurable: true,
    });
  }
}
