// What the demo sets up: one source stream, three mappings that show what the mapping properties do,
// and sample records (plain JSON, one binary record, and KPL aggregates of user records).
import type {UserRecordInput} from './kpl-aggregate.js'

export const DEMO_REGION = 'us-east-1'
export const DEMO_FUNCTION = 'fanout'
export const DEMO_TABLE = `${DEMO_FUNCTION}Targets`
export const DEMO_SOURCE = {name: 'fanout-demo-orders', shards: 2}

export interface DemoMapping {
  id: string
  destination: string
  active: boolean
  deaggregate: boolean
  /** What this mapping shows, for the summary. */
  note: string
}

export const DEMO_MAPPINGS: DemoMapping[] = [
  {active: true, deaggregate: false, destination: 'fanout-demo-copy', id: 'copy-all', note: 'every Kinesis record as it is (KPL aggregates too)'},
  {active: true, deaggregate: true, destination: 'fanout-demo-users', id: 'user-records', note: 'KPL aggregates split into their user records'},
  {active: false, deaggregate: true, destination: 'fanout-demo-paused', id: 'paused', note: 'inactive: the fan-out skips it'},
]

export interface SampleRecords {
  /** Put one by one as Kinesis records. */
  plain: UserRecordInput[]
  /** Each group becomes one KPL-aggregated Kinesis record. */
  aggregated: UserRecordInput[][]
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

export function sampleRecords(): SampleRecords {
  const customers = ['ana', 'bo', 'chen', 'dara', 'eli']
  const plain: UserRecordInput[] = customers.map((customer, n) => ({
    data: json({customer, item: ['tea', 'coffee', 'cake', 'juice', 'bagel'][n], order: 1001 + n, quantity: n + 1}),
    partitionKey: customer,
  }))
  // Not UTF-8: shown and forwarded as bytes (base64 in JSON output).
  plain.push({data: Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0x00, 0xff]), partitionKey: 'sensor-7'})
  const aggregated = [0, 1].map((group) =>
    Array.from({length: 5}, (_, n) => ({
      data: json({event: 'click', page: `/menu/${group * 5 + n}`, session: `s-${group}`}),
      partitionKey: `session-${group}`,
    })),
  )
  return {aggregated, plain}
}
