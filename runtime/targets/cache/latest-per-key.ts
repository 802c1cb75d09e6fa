// Caches keep one value per key: when a batch writes a key several times, only the last record (in
// record order) is sent. The earlier ones count as delivered (the cache ends in the state they
// lead to), and a retry can never put an older value back over a newer one.
import type {OutRecord} from '../../records.js'

export interface LatestPerKey {
  /** The last record of each key, in the order of those last records. */
  latest: OutRecord[]
  /** Records overwritten by a later record of the same key in this batch. */
  superseded: number
}

export function latestPerKey(records: OutRecord[], keyOf: (record: OutRecord) => string = (r) => r.key): LatestPerKey {
  const last = new Map<string, number>()
  records.forEach((record, n) => last.set(keyOf(record), n))
  if (last.size === records.length) return {latest: records, superseded: 0}
  const latest = records.filter((record, n) => last.get(keyOf(record)) === n)
  return {latest, superseded: records.length - latest.length}
}
