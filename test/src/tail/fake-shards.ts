// An in-memory ShardSource for unit tests of the follower and the local runner: shards with their
// records, optional throttling answers, and a log of every GetRecords call.
import type {IteratorStart, ReadResult, ShardInfo, ShardRecord, ShardSource} from '../../../src/tail/shard-source.js'
import {parseSourceArn} from '../../../runtime/mapping/arn.js'

export interface FakeShard {
  info: ShardInfo
  data: string[]
}

export function kinesisRecord(shardId: string, n: number, data: string, arrival = new Date(1_700_000_000_000 + n * 1000)): ShardRecord {
  const sequenceNumber = `${shardId.slice(-1)}${String(n).padStart(6, '0')}`
  return {
    arrival,
    event: {
      awsRegion: 'us-east-1',
      eventID: `${shardId}:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      eventSource: 'aws:kinesis',
      eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/fake',
      eventVersion: '1.0',
      kinesis: {
        approximateArrivalTimestamp: arrival.getTime() / 1000,
        data: Buffer.from(data).toString('base64'),
        kinesisSchemaVersion: '1.0',
        partitionKey: `k${n}`,
        sequenceNumber,
      },
    },
    sequenceNumber,
    shardId,
  }
}

export class FakeShards implements ShardSource {
  readonly arn = parseSourceArn('arn:aws:kinesis:us-east-1:123456789012:stream/fake')!
  readonly label = "Kinesis stream 'fake'"
  readonly timePrecisionMs = 1
  readonly records = new Map<string, ShardRecord[]>()
  readonly calls: Array<{shardId: string; at: number}> = []
  listings = 0
  /** Answer this many GetRecords calls with a throttling error first. */
  throttleNext = 0

  constructor(public shards: ShardInfo[]) {
    for (const shard of shards) this.records.set(shard.shardId, [])
  }

  add(shardId: string, ...data: string[]): void {
    const list = this.records.get(shardId)!
    for (const text of data) list.push(kinesisRecord(shardId, list.length, text))
  }

  async listShards(): Promise<ShardInfo[]> {
    this.listings++
    return this.shards.map((shard) => ({...shard}))
  }

  async iterator(shardId: string, start: IteratorStart): Promise<string> {
    const list = this.records.get(shardId)!
    let position = 0
    if (start.type === 'LATEST') position = list.length
    else if (start.type === 'AT_SEQUENCE_NUMBER') position = list.findIndex((r) => r.sequenceNumber === start.sequenceNumber)
    else if (start.type === 'AFTER_SEQUENCE_NUMBER') position = list.findIndex((r) => r.sequenceNumber === start.sequenceNumber) + 1
    return JSON.stringify({position, shardId})
  }

  async read(shardId: string, iterator: string, limit: number): Promise<ReadResult> {
    this.calls.push({at: Date.now(), shardId})
    if (this.throttleNext > 0) {
      this.throttleNext--
      throw Object.assign(new Error('Rate exceeded'), {name: 'ProvisionedThroughputExceededException'})
    }
    const {position} = JSON.parse(iterator) as {position: number}
    const list = this.records.get(shardId)!
    const records = list.slice(position, position + limit)
    const next = position + records.length
    const closed = this.shards.find((s) => s.shardId === shardId)!.closed
    return {
      bytes: records.reduce((total, record) => total + Buffer.from((record.event as {kinesis: {data: string}}).kinesis.data, 'base64').length, 0),
      millisBehindLatest: next < list.length ? 1000 : 0,
      nextIterator: closed && next >= list.length ? undefined : JSON.stringify({position: next, shardId}),
      records,
    }
  }

  atTip(result: ReadResult, limit: number): boolean {
    return result.millisBehindLatest === 0 && result.records.length < limit
  }
}
