// The document a mapping's filter and key templates see for one record (docs/filters.md, "Filters and
// keys"), built from the OutRecord, i.e. after KPL deaggregation and DynamoDB conversion:
// - Kinesis: {partitionKey, sequenceNumber, approximateArrivalTimestamp, data}. partitionKey is the
//   record's own key (a KPL user record's own key), sequenceNumber the Kinesis record's (for a user
//   record, its aggregate's), approximateArrivalTimestamp in seconds with a fraction as in Lambda's
//   event, data the record parsed as JSON; a record that is not UTF-8 JSON has no `data`.
// - DynamoDB: {eventName, dynamodb: {Keys, NewImage, OldImage}} in attribute-value JSON as the stream
//   sends them, or with convertDDB the plain JSON the mapping sends (runtime/input/ddb-json.ts).
//   An image the event does not carry (NewImage of a REMOVE) is absent.
// - SNS-wrapped records: {partitionKey, messageId, topicArn, data}, partitionKey being the record key
//   (the message id) and data the message parsed as JSON, so a `data` pattern reads the same as for
//   Kinesis.
import type {OutRecord} from '../records.js'
import type {AttributeValueJson, DynamoDBEventRecord, KinesisEventRecord, SnsEventRecord} from '../input/event.js'
import {imageToJson} from '../input/ddb-json.js'

export interface MatchDocumentOptions {
  convertDDB: boolean
  /** Parse the record's data as JSON into `data` (default true; false leaves `data` out). */
  parseData?: boolean
}

const utf8 = new TextDecoder('utf-8', {fatal: true})

/** The record's bytes parsed as JSON, or undefined when they are not UTF-8 JSON. */
export function parseRecordData(data: Buffer): unknown {
  try {
    return JSON.parse(utf8.decode(data))
  } catch {
    return undefined
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

function kinesisDocument(record: OutRecord, parseData: boolean): Record<string, unknown> {
  const {kinesis} = record.source.raw as KinesisEventRecord
  const document: Record<string, unknown> = {partitionKey: record.key, sequenceNumber: kinesis.sequenceNumber}
  if (typeof kinesis.approximateArrivalTimestamp === 'number') document.approximateArrivalTimestamp = kinesis.approximateArrivalTimestamp
  if (parseData) addData(document, record)
  return document
}

/** An image as the mapping sends it; one that cannot be converted is left out (never thrown). */
function image(value: unknown, convertDDB: boolean): unknown {
  if (!isObject(value)) return undefined
  if (!convertDDB) return value
  try {
    return imageToJson(value as Record<string, AttributeValueJson>)
  } catch {
    return undefined
  }
}

function dynamodbDocument(record: OutRecord, convertDDB: boolean): Record<string, unknown> {
  const raw = record.source.raw as DynamoDBEventRecord & {dynamodb: {OldImage?: unknown}}
  const dynamodb: Record<string, unknown> = {}
  for (const name of ['Keys', 'NewImage', 'OldImage'] as const) {
    const value = image(raw.dynamodb?.[name], convertDDB)
    if (value !== undefined) dynamodb[name] = value
  }
  const document: Record<string, unknown> = {dynamodb}
  if (typeof raw.eventName === 'string') document.eventName = raw.eventName
  return document
}

function snsDocument(record: OutRecord, parseData: boolean): Record<string, unknown> {
  const {Sns} = record.source.raw as SnsEventRecord
  const document: Record<string, unknown> = {messageId: Sns.MessageId, partitionKey: record.key, topicArn: Sns.TopicArn}
  if (parseData) addData(document, record)
  return document
}

/** Adds `data` (the record parsed as JSON) to a Kinesis or SNS document, when it is JSON. */
export function addData(document: Record<string, unknown>, record: OutRecord): void {
  const data = parseRecordData(record.data)
  if (data !== undefined) document.data = data
}

/** The match document of one record (a new object each call; record-filter.ts caches it). */
export function matchDocument(record: OutRecord, options: MatchDocumentOptions): Record<string, unknown> {
  const parseData = options.parseData ?? true
  switch (record.source.kind) {
    case 'kinesis':
      return kinesisDocument(record, parseData)
    case 'dynamodb':
      return dynamodbDocument(record, options.convertDDB)
    default:
      return snsDocument(record, parseData)
  }
}
