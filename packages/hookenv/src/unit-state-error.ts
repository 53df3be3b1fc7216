/** A unit-state operation that failed; the message names the store and the key. */
export class UnitStateError extends Error {
  override name = 'UnitStateError';
}
