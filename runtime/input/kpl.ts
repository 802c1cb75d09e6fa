// KPL-aggregated Kinesis records (magic 0xF3899AC2, protobuf, MD5) split into user records with
// aws-kinesis-agg. Loaded on first use so functions that never deaggregate do not pay for protobufjs.
const KPL_MAGIC = Buffer.from([0xf3, 0x89, 0x9a, 0xc2])

export interface UserRecord {
  partitionKey: string
  data: Buffer
}

export const isAggregated = (data: Buffer): boolean => data.length > 20 && data.subarray(0, 4).equals(KPL_MAGIC)

interface DeaggModule {
  deaggregateSync(
    record: {data: string; partitionKey: string; sequenceNumber: string},
    computeChecksums: boolean,
    done: (error: Error | null | undefined, records?: Array<{partitionKey?: string; data: string}>) => void,
  ): void
}

let deagg: Promise<DeaggModule> | undefined

/** The user records of an aggregate (checksum verified); throws when the aggregate is damaged. */
export async function splitAggregate(data: Buffer, partitionKey: string, sequenceNumber: string): Promise<UserRecord[]> {
  // @ts-expect-error aws-kinesis-agg ships no types for its lib files
  deagg ??= import('aws-kinesis-agg/lib/kpl-deagg.js').then((m: {default?: DeaggModule} & DeaggModule) => m.default ?? m)
  const module = await deagg
  let failure: Error | undefined
  let users: Array<{partitionKey?: string; data: string}> = []
  module.deaggregateSync({data: data.toString('base64'), partitionKey, sequenceNumber}, true, (error, records) => {
    if (error) failure ??= error
    else if (records) users = records
  })
  if (failure) throw failure
  return users.map((user) => ({data: Buffer.from(user.data, 'base64'), partitionKey: user.partitionKey ?? partitionKey}))
}
