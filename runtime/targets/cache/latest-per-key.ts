// Caches (and the es index) keep one value per key: when a batch writes a key several times, only
// the last record (in record order) is sent. Its entry carries the earlier records of the key as
// well, so they share its fate: delivered when it is (the cache ends in the state they lead to),
// undelivered when it is not, and a retry can never put an older value back over a newer one.
import type {OutRecord} from '../../records.js'

export interface KeyGroup {
  /** The key, as keyOf gave it. */
  key: string
  /** The last record of the key: the one sent. */
  latest: OutRecord
  /** Every record of the key in this batch, in record order (the latest last). */
  records: OutRecord[]
}

/** One group per key, in the order of the keys' last records. */
export function latestPerKey(records: OutRecord[], keyOf: (record: OutRecord) => string = (r) => r.key): KeyGroup[] {
  const keys = records.map(keyOf)
  const lastPosition = new Map<string, number>()
  keys.forEach((key, position) => lastPosition.set(key, position))
  if (lastPosition.size === records.length) return records.map((record, position) => ({key: keys[position], latest: record, records: [record]}))
  const groups = new Map<string, OutRecord[]>()
  const out: KeyGroup[] = []
  records.forEach((record, position) => {
    const key = keys[position]
    let list = groups.get(key)
    if (!list) groups.set(key, (list = []))
    list.push(record)
    if (lastPosition.get(key) === position) out.push({key, latest: record, records: list})
  })
  return out
}
