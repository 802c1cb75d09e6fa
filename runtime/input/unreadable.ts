// A source record that could not be read (bad base64, damaged KPL aggregate, missing partition key,
// unreadable DynamoDB image) as an OutRecord, so that it can be parked like any other: the bytes
// that could be read (Kinesis data when it decodes), else the event record's JSON; the partition key
// when it is a string.
import type {OutRecord, SourceRecord} from '../records.js'
import {decodeBase64Strict} from './base64.js'

export function unreadableRecord(source: SourceRecord): OutRecord {
  const raw = source.raw as {kinesis?: {data?: unknown; partitionKey?: unknown}}
  const kinesis = source.kind === 'kinesis' ? raw.kinesis : undefined
  const decoded = typeof kinesis?.data === 'string' ? decodeBase64Strict(kinesis.data) : undefined
  return {
    data: decoded ?? Buffer.from(JSON.stringify(source.raw) ?? ''),
    key: typeof kinesis?.partitionKey === 'string' ? kinesis.partitionKey : '',
    source,
  }
}
