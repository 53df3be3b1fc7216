// The secrets API a handler calls, over the hook tools in use.
import { hookTools } from './hook-api.js';
import type { SecretAddOptions, SecretInfo, SecretRef, SecretSetOptions } from './hook-tools.js';
import { isSecretUri } from './secret-uri.js';

/** A secret named by `idOrLabel`: a URI (`secret:ID`, or the bare 20-character id) is an id, anything else a label. */
function secretRef(idOrLabel: string): SecretRef {
  return isSecretUri(idOrLabel) ? { id: idOrLabel } : { label: idOrLabel };
}

/**
 * Juju secrets (3.0 and later), one call per hook command. Content is a
 * flat map of strings; a key is three or more lower-case letters, digits and
 * single dashes, starting with a letter.
 */
export const secrets = {
  /** A new secret, owned by the application (call it on the leader) or with `owner: 'unit'` by this unit; its URI. */
  add(content: Record<string, string>, opts?: SecretAddOptions): Promise<string> {
    return hookTools().secretAdd(content, opts);
  },
  /**
   * The content, by URI or label. A consumer reads the revision it tracks
   * (the latest when it first reads), `refresh` moves it to the latest, `peek`
   * reads the latest once; `label` (with a URI) names the secret for this
   * unit from now on, and in its secret-changed hooks. An owner reads the latest.
   */
  get(idOrLabel: string, opts: { refresh?: boolean; peek?: boolean; label?: string } = {}): Promise<Record<string, string>> {
    const ref = { ...secretRef(idOrLabel), ...(opts.label === undefined ? {} : { label: opts.label }) };
    return hookTools().secretGet(ref, { ...(opts.refresh ? { refresh: true } : {}), ...(opts.peek ? { peek: true } : {}) });
  },
  /** New content (a new revision, if it differs) and/or settings of a secret this unit (or, on the leader, its application) owns. */
  set(id: string, content?: Record<string, string>, opts?: SecretSetOptions): Promise<void> {
    return hookTools().secretSet(id, content, opts);
  },
  /** Lets the application at the other end of `relationId` (or its `unit`) read the secret. */
  grant(id: string, relationId: string, opts?: { unit?: string }): Promise<void> {
    return hookTools().secretGrant(id, relationId, opts);
  },
  /** Takes back a grant: to the application of `relationId`, an `app`, or a `unit`. */
  revoke(id: string, opts: { relationId?: string; app?: string; unit?: string }): Promise<void> {
    return hookTools().secretRevoke(id, opts);
  },
  /** Removes the secret, or one `revision` (what a secret-remove hook asks for). */
  remove(id: string, opts?: { revision?: number }): Promise<void> {
    return hookTools().secretRemove(id, opts);
  },
  /** The URIs of the secrets this unit owns, and its application's on the leader. */
  ids(): Promise<string[]> {
    return hookTools().secretIds();
  },
  /** An owned secret's metadata (revision, label, owner, rotation, expiry, grants), by URI or label, with its URI as `id`. */
  async info(idOrLabel: string): Promise<SecretInfo & { id: string }> {
    const [entry] = Object.entries(await hookTools().secretInfoGet(secretRef(idOrLabel)));
    if (!entry) throw new Error(`secret-info-get ${idOrLabel} printed no secret`);
    return { id: entry[0], ...entry[1] };
  },
};
