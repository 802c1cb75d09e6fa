// OutRecord factories for unit tests.
import type {OutRecord, SourceRecord} from '../../runtime/records.js'

export const SOURCE_ARN = 'arn:aws:kinesis:us-east-1:123456789012:stream/source'

export function sourceRecord(index: number, raw: unknown = {index}): SourceRecord {
  return {checkpoint: `seq-${index}`, index, kind: 'kinesis', raw, sourceArn: SOURCE_ARN}
}

export function outRecords(datas: Array<string | Buffer>, keys?: string[]): OutRecord[] {
  return datas.map((data, index) => ({
    data: Buffer.isBuffer(data) ? data : Buffer.from(data),
    key: keys?.[index] ?? `key-${index}`,
    source: sourceRecord(index),
  }))
}
