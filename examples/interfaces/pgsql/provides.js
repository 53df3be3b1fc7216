// The providing side of `pgsql`: a database.
//   flags: <endpoint>.database.requested  while some application asks for a database
import { Endpoint } from '@reactive/endpoints';
import { clearFlag, isFlagSet, toggleFlag } from '@reactive/flags';

export class PgsqlProvides extends Endpoint {
  manageFlags() {
    if (isFlagSet(this.expandName('changed')) || !this.isJoined) {
      toggleFlag(this.expandName('{endpoint_name}.database.requested'), this.requests().length > 0);
      clearFlag(this.expandName('changed'));
    }
    if (isFlagSet(this.expandName('departed'))) {
      this.allDepartedUnits.clear();
      clearFlag(this.expandName('departed'));
    }
  }

  /** Each relation that asked for a database, with the name it asked for. */
  requests() {
    return this.relations.map((relation) => ({ relation, database: relation.joinedUnits.received.get('database') })).filter((request) => request.database);
  }

  /** Answers a request with the connection details (publishing only what changed). */
  provide(relation, details) {
    for (const [key, value] of Object.entries(details)) {
      if (JSON.stringify(relation.toPublish.get(key)) !== JSON.stringify(value)) relation.toPublish.set(key, value);
    }
  }
}
