// The fields of data-platform-libs' database protocol (data_interfaces.py,
// LIBAPI 0, LIBPATCH 59) that this layer reads and writes.
import { pythonJSON } from '@reactive/hookenv';

/** The fields a requirer asks to receive in secrets: data_interfaces' RequirerData.SECRET_FIELDS. */
export const REQUESTED_SECRETS = ['username', 'password', 'tls', 'tls-ca', 'uris', 'read-only-uris', 'entity-name', 'entity-password'];

/** Which secret of the relation holds a field (data_interfaces' SECRET_LABEL_MAP); other requested fields go to `extra`. */
const SECRET_GROUP: Record<string, string> = {
  username: 'user',
  password: 'user',
  uris: 'user',
  'read-only-uris': 'user',
  tls: 'tls',
  'tls-ca': 'tls',
  'entity-name': 'entity',
  'entity-password': 'entity',
};

export function secretGroup(field: string): string {
  return SECRET_GROUP[field] ?? 'extra';
}

/** The databag field holding a group's secret URI: `secret-user`. */
export function secretField(group: string): string {
  return `secret-${group}`;
}

/** The owner's label of a relation's secret, as data_interfaces writes it: `database.3.user.secret`. */
export function secretLabel(relationId: string, group: string): string {
  const [name, number] = relationId.split(':');
  return `${name}.${number}.${group}.secret`;
}

/** A JSON list as Python's json.dumps writes it (data_interfaces' set_encoded_field). */
export function encodeList(items: string[]): string {
  return pythonJSON(items);
}

/** A JSON list field (`requested-secrets`); absent or not a list of strings reads as empty. */
export function decodeList(text: string | null | undefined): string[] {
  try {
    const value: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
