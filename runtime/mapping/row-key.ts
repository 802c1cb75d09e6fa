// The key of a mapping row as it is now, shared by the processor (what a target acknowledged is
// remembered per row version) and the target registry (a changed row gets a new driver).
import type {Mapping} from './schema.js'

/** A row as it is now (any change to it makes a new key). Mapping objects are never changed in place:
 * the store hands out the same object for a row until its configuration reloads: stringified once per object. */
const rowKeys = new WeakMap<Mapping, string>()
export function rowVersionKey(mapping: Mapping): string {
  let key = rowKeys.get(mapping)
  if (key === undefined) rowKeys.set(mapping, (key = JSON.stringify(mapping)))
  return key
}
