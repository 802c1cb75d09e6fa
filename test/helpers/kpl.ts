// KPL-aggregated records made with aws-kinesis-agg's aggregate(), as the KPL would put them.
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)

export interface UserRecord {
  partitionKey: string
  data: Buffer | string
}

/** The aggregated Kinesis records (bytes and partition key) holding the user records, in order. */
export function aggregate(records: UserRecord[]): Promise<Array<{partitionKey: string; data: Buffer}>> {
  const agg = require('aws-kinesis-agg') as {
    aggregate(
      records: unknown[],
      handler: (encoded: {partitionKey: string; data: Buffer}, done: (error?: Error) => void) => void,
      after: () => void,
      onError: (error: Error) => void,
    ): void
  }
  return new Promise((resolve, reject) => {
    const out: Array<{partitionKey: string; data: Buffer}> = []
    agg.aggregate(
      records.map((r) => ({data: Buffer.isBuffer(r.data) ? r.data : Buffer.from(r.data), partitionKey: r.partitionKey})),
      (encoded, done) => {
        out.push({data: Buffer.from(encoded.data), partitionKey: encoded.partitionKey})
        done()
      },
      () => resolve(out),
      reject,
    )
  })
}
