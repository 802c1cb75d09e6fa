// KPL aggregation (the format the Kinesis Producer Library writes) with aws-kinesis-agg, so the demo
// and tests can put aggregated records the way a KPL producer does.
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)

export interface UserRecordInput {
  partitionKey: string
  data: Buffer
}

export interface AggregatedRecord {
  partitionKey: string
  data: Buffer
}

interface AggModule {
  aggregate(
    records: Array<{partitionKey: string; data: Buffer}>,
    onEncoded: (record: {partitionKey: string; data: Buffer}, done: (error?: Error) => void) => void,
    afterAll: () => void,
    onError: (error: Error) => void,
  ): void
}

/** The aggregated Kinesis records (each under 1 MB) that hold the given user records, in order. */
export function aggregateRecords(records: UserRecordInput[]): Promise<AggregatedRecord[]> {
  const agg = require('aws-kinesis-agg') as AggModule
  return new Promise((resolve, reject) => {
    const out: AggregatedRecord[] = []
    agg.aggregate(
      records.map((record) => ({data: Buffer.from(record.data), partitionKey: record.partitionKey})),
      (encoded, done) => {
        out.push({data: Buffer.from(encoded.data), partitionKey: encoded.partitionKey})
        done()
      },
      () => resolve(out),
      reject,
    )
  })
}
