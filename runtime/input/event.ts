// Reads a Lambda event into SourceRecords: Kinesis and DynamoDB stream records as event source
// mappings deliver them, and SNS-wrapped records (EventSource aws:sns) as the Bash-era function
// accepted them, whose source ARN is the topic ARN. A record of no known shape is reported, not
// dropped silently.
import {normalizeSourceArn} from '../mapping/arn.js'
import type {SourceRecord} from '../records.js'

export interface KinesisEventRecord {
  eventSource: 'aws:kinesis'
  eventSourceARN: string
  kinesis: {partitionKey: string; sequenceNumber: string; data: string; approximateArrivalTimestamp?: number}
}

export interface DynamoDBEventRecord {
  eventSource: 'aws:dynamodb'
  eventSourceARN: string
  eventName?: string
  dynamodb: {
    Keys?: Record<string, AttributeValueJson>
    NewImage?: Record<string, AttributeValueJson>
    SequenceNumber: string
  }
}

export interface SnsEventRecord {
  EventSource: 'aws:sns'
  EventSubscriptionArn?: string
  Sns: {MessageId: string; TopicArn: string; Message: string; Timestamp?: string}
}

/** A DynamoDB attribute value as stream events carry it (B and BS are base64 strings). */
export type AttributeValueJson = Record<string, unknown>

export interface UnknownRecord {
  index: number
  reason: string
}

export interface ReadEvent {
  records: SourceRecord[]
  /** Records of no known shape (logged by the caller; they cannot be delivered). */
  unknown: UnknownRecord[]
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

function readRecord(raw: unknown, index: number): SourceRecord | string {
  if (!isObject(raw)) return 'not an object'
  if (raw.eventSource === 'aws:kinesis') {
    const kinesis = raw.kinesis
    if (!isObject(kinesis) || typeof kinesis.sequenceNumber !== 'string' || typeof raw.eventSourceARN !== 'string') {
      return 'Kinesis record without kinesis.sequenceNumber or eventSourceARN'
    }
    return {checkpoint: kinesis.sequenceNumber, index, kind: 'kinesis', raw, sourceArn: normalizeSourceArn(raw.eventSourceARN)}
  }
  if (raw.eventSource === 'aws:dynamodb') {
    const dynamodb = raw.dynamodb
    if (!isObject(dynamodb) || typeof dynamodb.SequenceNumber !== 'string' || typeof raw.eventSourceARN !== 'string') {
      return 'DynamoDB record without dynamodb.SequenceNumber or eventSourceARN'
    }
    return {checkpoint: dynamodb.SequenceNumber, index, kind: 'dynamodb', raw, sourceArn: raw.eventSourceARN}
  }
  if (raw.EventSource === 'aws:sns') {
    const sns = raw.Sns
    if (!isObject(sns) || typeof sns.TopicArn !== 'string' || typeof sns.MessageId !== 'string') {
      return 'SNS record without Sns.TopicArn or Sns.MessageId'
    }
    return {checkpoint: sns.MessageId, index, kind: 'sns', raw, sourceArn: sns.TopicArn}
  }
  return `unknown event source '${String(raw.eventSource ?? raw.EventSource)}'`
}

export function readEvent(event: unknown): ReadEvent {
  const list = isObject(event) && Array.isArray(event.Records) ? event.Records : []
  const records: SourceRecord[] = []
  const unknown: UnknownRecord[] = []
  list.forEach((raw: unknown, index: number) => {
    const record = readRecord(raw, index)
    if (typeof record === 'string') unknown.push({index, reason: record})
    else records.push(record)
  })
  return {records, unknown}
}

/** Source records grouped by source ARN, in event order within each group. */
export function groupBySource(records: SourceRecord[]): Map<string, SourceRecord[]> {
  const groups = new Map<string, SourceRecord[]>()
  for (const record of records) {
    const group = groups.get(record.sourceArn)
    if (group) group.push(record)
    else groups.set(record.sourceArn, [record])
  }
  return groups
}
