// The requiring side of `pgsql`: an application that uses a database.
//   flags: <endpoint>.connected         while a database unit is related
//          <endpoint>.database.available once it sent every connection detail
import { Endpoint } from '@reactive/endpoints';
import { clearFlag, isFlagSet, setFlag, toggleFlag } from '@reactive/flags';

const FIELDS = ['host', 'port', 'database', 'user', 'password'];

export class PgsqlRequires extends Endpoint {
  manageFlags() {
    const available = this.expandName('{endpoint_name}.database.available');
    toggleFlag(this.expandName('{endpoint_name}.connected'), this.isJoined);
    if (!this.isJoined) {
      clearFlag(available);
    } else if (isFlagSet(this.expandName('changed'))) {
      toggleFlag(available, this.connection() !== null);
      clearFlag(this.expandName('changed'));
    }
    if (isFlagSet(this.expandName('departed'))) {
      this.allDepartedUnits.clear();
      clearFlag(this.expandName('departed'));
    }
  }

  /** The database's connection details, or null while incomplete. */
  connection() {
    const received = this.allJoinedUnits.received;
    const values = Object.fromEntries(FIELDS.map((field) => [field, received.get(field)]));
    return FIELDS.every((field) => values[field] !== null && values[field] !== '') ? values : null;
  }

  /** A libpq connection string, as the Python pgsql interface offers. */
  connectionString() {
    const c = this.connection();
    return c ? `host=${c.host} port=${c.port} dbname=${c.database} user=${c.user} password=${c.password}` : null;
  }

  /** Asks for a database by name. */
  requestDatabase(name) {
    for (const relation of this.relations) relation.toPublish.set('database', name);
    setFlag(this.expandName('{endpoint_name}.database.requested'));
  }
}
