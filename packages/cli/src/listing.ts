export const LISTING = Symbol.for('@reactive/cli listing');

/** Output for people (`reactive flags`, `reactive kv`): a table in raw format, the mapping in the others. */
export class Listing {
  constructor(
    readonly entries: Record<string, unknown>,
    /** Whether a null value is shown (kv) or left out (flags set without a value). */
    private readonly showNull: boolean,
  ) {
    // The brand run.ts recognises without importing this module.
    Object.defineProperty(this, LISTING, { value: true });
  }

  /** One line per entry: the name padded to a column, then the value as JSON. */
  toText(): string {
    const names = Object.keys(this.entries);
    const width = Math.min(48, Math.max(0, ...names.map((n) => n.length)));
    return names
      .map((name) => {
        const value = this.entries[name];
        if (value === null && !this.showNull) return `${name}\n`;
        return `${name.padEnd(width)}  ${JSON.stringify(value)}\n`;
      })
      .join('');
  }

  toJSON(): Record<string, unknown> {
    return this.entries;
  }
}

/** Output for people made elsewhere: `text` in raw format, `data` in the others (-j, -y, ...). */
export function report(text: string, data: unknown): object {
  return { [LISTING]: true, toText: () => text, toJSON: () => data };
}
