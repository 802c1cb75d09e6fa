// What a warm container remembers between Lambda's retries of one shard's batch. When an invocation
// reports a checkpoint, Lambda sends the batch again from there, usually to the same container;
// records that a target already acknowledged are then not sent to it again. The memory only ever
// saves duplicates: a record is remembered only once its target acknowledged it, and a container
// that does not remember (cold, or another shard came in between) just sends everything again.
import type {OutRecord, SourceRecord} from '../records.js'

/** Shard batches remembered at once (each holds at most one batch's record ids per mapping). */
const MAX_SHARDS = 32

export const recordId = (record: OutRecord): string => `${record.source.checkpoint}/${record.subSequence ?? ''}`

/** The shard a record came from: Kinesis eventID is `shardId-...:sequence`; others share one slot. */
export function shardOf(source: SourceRecord): string {
  const eventID = (source.raw as {eventID?: unknown}).eventID
  const shard = source.kind === 'kinesis' && typeof eventID === 'string' ? eventID.split(':')[0] : ''
  return `${source.sourceArn}#${shard}`
}

export class DeliveredMemory {
  private readonly shards = new Map<string, Map<string, Set<string>>>()

  /** Record ids acknowledged by the target of this mapping key during the previous attempt. */
  recall(shard: string, rowVersionKey: string): Set<string> | undefined {
    return this.shards.get(shard)?.get(rowVersionKey)
  }

  /** Replaces what is remembered for the shard (after an invocation that reported a checkpoint). */
  remember(shard: string, delivered: Map<string, Set<string>>): void {
    this.shards.delete(shard)
    this.shards.set(shard, delivered)
    while (this.shards.size > MAX_SHARDS) this.shards.delete(this.shards.keys().next().value!)
  }

  /** The batch went through: nothing to remember for the shard. */
  forget(shard: string): void {
    this.shards.delete(shard)
  }
}
