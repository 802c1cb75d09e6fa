// What a warm container remembers between Lambda's retries of one shard's batch. When an invocation
// reports a checkpoint, Lambda sends the batch again from there, usually to the same container;
// records that a target already acknowledged are then not sent to it again. The memory only ever
// saves duplicates: a record is remembered only once its target acknowledged it, and a container
// that does not remember (cold, or another shard came in between) just sends everything again.
import type {OutRecord, SourceRecord} from '../records.js'

/** Shard batches remembered at once (each holds at most one batch's record ids per mapping). */
const MAX_SHARDS = 32
/** Record ids remembered at once, all shards and mappings together (about 65 bytes each): five
 * mappings of a 10,000-record batch hold 50,000, 32 such shards would fill a 128 MB function. */
export const MAX_REMEMBERED_IDS = 120_000

const idsIn = (delivered: Map<string, Set<string>>): number => [...delivered.values()].reduce((n, ids) => n + ids.size, 0)

export const recordId = (record: OutRecord): string => `${record.source.checkpoint}/${record.subSequence ?? ''}`

/** The shard a record came from: Kinesis eventID is `shardId-...:sequence`; others share one slot. */
export function shardOf(source: SourceRecord): string {
  const eventID = (source.raw as {eventID?: unknown}).eventID
  const shard = source.kind === 'kinesis' && typeof eventID === 'string' ? eventID.split(':')[0] : ''
  return `${source.sourceArn}#${shard}`
}

export class DeliveredMemory {
  private readonly shards = new Map<string, Map<string, Set<string>>>()
  private ids = 0

  /** Record ids acknowledged by the target of this mapping key during the previous attempt. */
  recall(shard: string, rowVersionKey: string): Set<string> | undefined {
    return this.shards.get(shard)?.get(rowVersionKey)
  }

  /** Replaces what is remembered for the shard (after an invocation that reported a checkpoint);
   * the shards remembered longest ago make room (the newest is always kept). */
  remember(shard: string, delivered: Map<string, Set<string>>): void {
    this.forget(shard)
    this.shards.set(shard, delivered)
    this.ids += idsIn(delivered)
    while (this.shards.size > 1 && (this.shards.size > MAX_SHARDS || this.ids > MAX_REMEMBERED_IDS)) this.forget(this.shards.keys().next().value!)
  }

  /** The batch went through: nothing to remember for the shard. */
  forget(shard: string): void {
    const delivered = this.shards.get(shard)
    if (!delivered) return
    this.ids -= idsIn(delivered)
    this.shards.delete(shard)
  }

  /** Record ids remembered, all shards together. */
  get size(): number {
    return this.ids
  }
}
