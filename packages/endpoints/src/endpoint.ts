import { isFlagSet } from '@reactive/flags';
import { CachedKeyList } from './cached-key-list.js';
import { CombinedUnitsView } from './combined-units-view.js';
import { KeyList } from './key-list.js';
import { endpoints } from './registry.js';
import { RelatedUnit } from './related-unit.js';
import { Relation } from './relation.js';

const DEPARTED_PREFIX = 'reactive.endpoints.departed.';

interface StoredUnit {
  relation: string | null;
  unit_name: string;
  data: Record<string, string | null>;
}

/**
 * One endpoint of the charm (a relation name in metadata.yaml), as an
 * interface layer implements it: subclass Endpoint in
 * `hooks/relations/<interface>/<role>.js`, add handler methods with
 * `{endpoint_name}` in their flags, and publish or read relation data.
 * The framework creates one instance per endpoint at the start of every hook
 * and manages the `endpoint.<name>.{joined,changed,changed.<key>,departed}` flags.
 */
export class Endpoint {
  readonly endpointName: string;
  readonly relations: KeyList<Relation>;
  private joinedUnits: CombinedUnitsView | undefined;
  private departedUnits: CachedKeyList<RelatedUnit> | undefined;

  constructor(endpointName: string, relationIds: string[] = []) {
    this.endpointName = endpointName;
    this.relations = KeyList.keyed(
      relationIds.map((id) => new Relation(id)),
      (relation) => relation.relationId,
    );
  }

  /**
   * The instance for an endpoint name this hook, or null. `T` is the interface
   * layer's class the caller expects (`Endpoint.fromName<PgsqlRequires>('db')`);
   * it is not checked at run time.
   */
  static fromName<T extends Endpoint = Endpoint>(name: string): T | null {
    return (endpoints.get(name) as T | undefined) ?? null;
  }

  /** The instance an `endpoint.<name>.…` (or legacy `<name>.…`) flag belongs to, if the flag is set; `T` as for {@link fromName}. */
  static fromFlag<T extends Endpoint = Endpoint>(flag: string): T | null {
    if (!flag.includes('.') || !isFlagSet(flag)) return null;
    const [first, second] = flag.split('.');
    return Endpoint.fromName<T>(first === 'endpoint' ? second! : first!);
  }

  /** Every joined remote unit over all relations (sorted by relation, then unit). */
  get allJoinedUnits(): CombinedUnitsView {
    this.joinedUnits ??= CombinedUnitsView.sorted(this.relations.flatMap((relation) => [...relation.joinedUnits]));
    return this.joinedUnits;
  }

  /** @deprecated Use allJoinedUnits (the same object). */
  get allUnits(): CombinedUnitsView {
    return this.allJoinedUnits;
  }

  /** Units that departed and were not yet dealt with, kept across hooks until a handler clears them. */
  get allDepartedUnits(): CachedKeyList<RelatedUnit> {
    this.departedUnits ??= CachedKeyList.load<RelatedUnit>(
      DEPARTED_PREFIX + this.endpointName,
      (unit) => unit.unitName,
      (stored: StoredUnit) => new RelatedUnit(this.relationFor(stored.relation), stored.unit_name, stored.data ?? {}),
    );
    return this.departedUnits;
  }

  get isJoined(): boolean {
    return this.allJoinedUnits.length > 0;
  }

  /** @deprecated Use isJoined. */
  get joined(): boolean {
    return this.isJoined;
  }

  /**
   * `endpoint.<name>.<flag>`, or, when the flag contains `{endpoint_name}`,
   * the flag with the name filled in: `expandName('joined')` is
   * `endpoint.db.joined`, `expandName('{endpoint_name}.ready')` is `db.ready`.
   */
  expandName(flag: string): string {
    const template = flag.includes('{endpoint_name}') ? flag : `endpoint.{endpoint_name}.${flag}`;
    return template.replaceAll('{endpoint_name}', this.endpointName);
  }

  /** Override to manage flags of your own; runs in every hook after the automatic flags. */
  manageFlags(): void {}

  /**
   * Flags of classes built on Endpoint (the request/response endpoints); runs
   * in every hook after `manageFlags()`, so subclasses overriding
   * `manageFlags()` need not call it.
   */
  manageBuiltInFlags(): void {}

  /** Override to register triggers (they last one hook); runs before the automatic flags. */
  registerTriggers(): void {}

  private relationFor(relationId: string | null): Relation | null {
    if (!relationId) return null;
    return this.relations.get(relationId) ?? new Relation(relationId);
  }
}
