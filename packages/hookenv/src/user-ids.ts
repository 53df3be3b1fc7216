import { readFileSync } from 'node:fs';

/** A user's id: a number as it is, a name from /etc/passwd. */
export function userId(user: string | number): number {
  return lookupId(user, '/etc/passwd', 'user');
}

/** A group's id: a number as it is, a name from /etc/group. */
export function groupId(group: string | number): number {
  return lookupId(group, '/etc/group', 'group');
}

function lookupId(name: string | number, file: string, what: string): number {
  if (typeof name === 'number') return name;
  if (/^\d+$/.test(name)) return Number(name);
  let entries: string[] = [];
  try {
    entries = readFileSync(file, 'utf8').split('\n');
  } catch {
    // No database: the name cannot be found.
  }
  for (const line of entries) {
    const fields = line.split(':');
    if (fields[0] === name && fields[2] !== undefined && /^\d+$/.test(fields[2])) return Number(fields[2]);
  }
  throw new Error(`no such ${what}: ${name} (in ${file})`);
}
