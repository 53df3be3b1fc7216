/**
 * The rules a charm's metadata.yaml and config.yaml are read by: the hooks
 * check them as they read the files, and `reactive build`, `pack` and `lint`
 * check them too, before Juju's own rules on top. Each breach calls `fail`
 * with the path to the key at fault and a message naming it; the caller adds
 * the file (and the build its line). Plain loops over the parsed data, cheap
 * enough for every hook.
 */
export type CharmFileFail = (path: string[], message: string) => never;

export const RELATION_ROLES = ['provides', 'requires', 'peers'] as const;

/**
 * metadata.yaml's relations: each of `provides`, `requires` and `peers` maps
 * relation names to an interface name or to a mapping with a string
 * `interface`, and no name is used twice (Juju refuses it: one relation name
 * is one endpoint).
 */
export function checkRelationSections(metadata: Record<string, unknown>, fail: CharmFileFail): void {
  const roleOf = new Map<string, string>();
  for (const role of RELATION_ROLES) {
    const section = metadata[role];
    if (section === undefined || section === null) continue;
    if (!isMapping(section)) fail([role], `\`${role}\` must map relation names to their interface, not ${shown(section)}`);
    for (const [name, spec] of Object.entries(section)) {
      const path = [role, name];
      const about = `relation "${name}" (under ${role})`;
      if (typeof spec !== 'string') {
        if (!isMapping(spec)) fail(path, `${about} must name its interface, or map interface, limit, scope and optional`);
        if (typeof spec.interface !== 'string')
          fail(spec.interface === undefined ? path : [...path, 'interface'], `${about} needs an \`interface\` (a string)`);
      }
      const other = roleOf.get(name);
      if (other !== undefined) fail(path, `${about}: another relation has the same name (under ${other}), and Juju refuses two relations of one name`);
      roleOf.set(name, role);
    }
  }
}

/**
 * config.yaml's shape: a mapping holding `options` only (Juju refuses a
 * config.yaml without it: "empty configuration"), which maps option names to
 * mappings (null: no options).
 */
export function checkConfigShape(config: unknown, fail: CharmFileFail): void {
  if (!isMapping(config) || !Object.hasOwn(config, 'options')) {
    fail(
      [],
      `no \`options\`${isMapping(config) ? '' : ` (the file holds ${shown(config)})`}: Juju refuses a config.yaml without them ("empty configuration"); write options: {} or remove the file`,
    );
  }
  const unknown = Object.keys(config).find((key) => key !== 'options');
  if (unknown !== undefined) fail([unknown], `unknown key "${unknown}": a config.yaml holds \`options\` only`);
  const options = config.options;
  if (options === null) return;
  if (!isMapping(options)) fail(['options'], '`options` must map option names to their type, default and description');
  for (const [name, spec] of Object.entries(options)) {
    if (!isMapping(spec)) fail(['options', name], `option "${name}" must be a mapping (type, default, description)`);
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}
