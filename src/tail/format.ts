// The three output formats of `tail`:
//   json    one object per line (docs/tail-and-demo.md: shardId, sequenceNumber, partitionKey,
//           approximateArrivalTimestamp, data; "encoding": "base64" when data is not UTF-8;
//           subSequenceNumber for KPL user records; eventName, keys, newImage, oldImage for DynamoDB)
//   raw     the data only, one record per line (base64 when not UTF-8)
//   pretty  a header line (time, shard, key) and the data, JSON pretty-printed, coloured on a TTY
import {isUtf8} from 'node:buffer'
import type {DisplayRecord} from './display-records.js'
import {redactDestination} from '../../runtime/mapping/redact.js'

export const FORMATS = ['pretty', 'json', 'raw'] as const
export type Format = (typeof FORMATS)[number]

export interface JsonLine {
  shardId: string
  sequenceNumber: string
  subSequenceNumber?: number
  partitionKey: string
  approximateArrivalTimestamp: string
  data: string
  encoding?: 'base64'
  eventName?: string
  keys?: unknown
  newImage?: unknown
  oldImage?: unknown
}

export function toJsonLine(record: DisplayRecord): JsonLine {
  const text = isUtf8(record.data)
  return {
    shardId: record.shardId,
    sequenceNumber: record.sequenceNumber,
    ...(record.subSequenceNumber === undefined ? {} : {subSequenceNumber: record.subSequenceNumber}),
    partitionKey: record.partitionKey,
    approximateArrivalTimestamp: record.approximateArrivalTimestamp.toISOString(),
    data: text ? record.data.toString('utf8') : record.data.toString('base64'),
    ...(text ? {} : {encoding: 'base64' as const}),
    ...(record.dynamodb
      ? {
          eventName: record.dynamodb.eventName,
          keys: record.dynamodb.keys,
          ...(record.dynamodb.newImage === undefined ? {} : {newImage: record.dynamodb.newImage}),
          ...(record.dynamodb.oldImage === undefined ? {} : {oldImage: record.dynamodb.oldImage}),
        }
      : {}),
  }
}

export const formatJson = (record: DisplayRecord): string => JSON.stringify(toJsonLine(record))

/** The data as one line: text (newlines kept as they are) or base64. */
export const formatRaw = (record: DisplayRecord): string =>
  isUtf8(record.data) ? record.data.toString('utf8') : record.data.toString('base64')

// --- pretty --------------------------------------------------------------------------------------

const ANSI = {
  bold: [1, 22],
  cyan: [36, 39],
  dim: [2, 22],
  green: [32, 39],
  magenta: [35, 39],
  yellow: [33, 39],
} as const

export type Paint = (style: keyof typeof ANSI, text: string) => string

export function painter(color: boolean): Paint {
  return color ? (style, text) => `\u001B[${ANSI[style][0]}m${text}\u001B[${ANSI[style][1]}m` : (_style, text) => text
}

/** JSON.stringify(value, null, 2) with keys, strings and numbers coloured. */
export function prettyJson(value: unknown, paint: Paint): string {
  const text = JSON.stringify(value, null, 2) ?? 'null'
  return text.replace(
    /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
    (match, string: string | undefined, colon: string | undefined, literal: string | undefined, number: string | undefined) => {
      if (string !== undefined) return colon ? paint('cyan', string) + colon : paint('green', string)
      if (literal !== undefined) return paint('magenta', literal)
      if (number !== undefined) return paint('yellow', number)
      return match
    },
  )
}

/** The data as a person reads it: parsed and indented when JSON, text, or base64 when binary. */
export function prettyData(data: Buffer, paint: Paint): string {
  if (!isUtf8(data)) return `${paint('dim', `(binary, ${data.length} bytes, base64)`)} ${data.toString('base64')}`
  const text = data.toString('utf8')
  const trimmed = text.trim()
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return prettyJson(JSON.parse(trimmed), paint)
    } catch {
      // not JSON after all: shown as text
    }
  }
  return text
}

export function formatPretty(record: DisplayRecord, paint: Paint): string {
  const sub = record.subSequenceNumber === undefined ? '' : paint('dim', ` #${record.subSequenceNumber}`)
  const event = record.dynamodb ? ` ${paint('bold', record.dynamodb.eventName)}` : ''
  const header = `${paint('dim', record.approximateArrivalTimestamp.toISOString())} ${paint('magenta', record.shardId)}${event} ${paint('bold', record.partitionKey)} ${paint('dim', `seq ${record.sequenceNumber}`)}${sub}`
  if (!record.dynamodb) return `${header}\n${prettyData(record.data, paint)}`
  const parts = [header, `${paint('dim', 'keys:')} ${prettyJson(record.dynamodb.keys, paint)}`]
  if (record.dynamodb.oldImage !== undefined) parts.push(`${paint('dim', 'old:')} ${prettyJson(record.dynamodb.oldImage, paint)}`)
  if (record.dynamodb.newImage !== undefined) parts.push(`${paint('dim', 'new:')} ${prettyJson(record.dynamodb.newImage, paint)}`)
  return parts.join('\n')
}

/** One line per record: time, shard, key and the data on one line (the demo's view of a destination). */
export function formatLine(record: DisplayRecord, paint: Paint): string {
  const data = isUtf8(record.data) ? record.data.toString('utf8').replace(/\s*\n\s*/g, ' ') : `(binary, ${record.data.length} bytes) ${record.data.toString('base64')}`
  const sub = record.subSequenceNumber === undefined ? '' : paint('dim', `#${record.subSequenceNumber}`)
  return `${paint('dim', record.approximateArrivalTimestamp.toISOString().slice(11, 23))} ${paint('magenta', record.shardId)} ${paint('bold', record.partitionKey)}${sub} ${data}`
}

export function formatter(format: Format, color: boolean): (record: DisplayRecord) => string {
  if (format === 'json') return formatJson
  if (format === 'raw') return formatRaw
  const paint = painter(color)
  return (record) => formatPretty(record, paint)
}

// --- --target previews ---------------------------------------------------------------------------

export interface PreviewLine {
  mapping: string
  type: string
  destination: string
  /** The source records the message carries. */
  records: Array<{shardId?: string; sequenceNumber: string; subSequenceNumber?: number}>
  fields?: Record<string, string>
  payload?: string
  encoding?: 'base64'
  /** Why the target would never accept this record (the function logs and skips it). */
  skipped?: string
}

interface PreviewSource {
  mapping: {id: string; type: string; destination: string}
  messages: Array<{records: Array<{source: {checkpoint: string; raw: unknown}; subSequence?: number}>; fields: Record<string, string>; payload: Buffer}>
  skipped: Array<{record: {source: {checkpoint: string; raw: unknown}; subSequence?: number}; reason: string}>
}

const shardOf = (raw: unknown): string | undefined => {
  const id = (raw as {eventID?: unknown})?.eventID
  return typeof id === 'string' && id.startsWith('shardId-') ? id.slice(0, id.indexOf(':')) : undefined
}

const positionOf = (record: {source: {checkpoint: string; raw: unknown}; subSequence?: number}) => ({
  ...(shardOf(record.source.raw) ? {shardId: shardOf(record.source.raw)} : {}),
  sequenceNumber: record.source.checkpoint,
  ...(record.subSequence === undefined ? {} : {subSequenceNumber: record.subSequence}),
})

export function previewLines(preview: PreviewSource): PreviewLine[] {
  // Never a secret on screen: the destination's password is masked (runtime/mapping/redact.ts).
  const base = {destination: redactDestination(preview.mapping.type, preview.mapping.destination), mapping: preview.mapping.id, type: preview.mapping.type}
  const lines: PreviewLine[] = preview.messages.map((message) => {
    const text = isUtf8(message.payload)
    return {
      ...base,
      records: message.records.map(positionOf),
      ...(Object.keys(message.fields).length ? {fields: message.fields} : {}),
      payload: text ? message.payload.toString('utf8') : message.payload.toString('base64'),
      ...(text ? {} : {encoding: 'base64' as const}),
    }
  })
  for (const skip of preview.skipped) lines.push({...base, records: [positionOf(skip.record)], skipped: skip.reason})
  return lines
}

export function formatPreviewLine(line: PreviewLine, format: Format, paint: Paint): string {
  if (format === 'json') return JSON.stringify(line)
  if (format === 'raw') return line.skipped === undefined ? (line.payload ?? '') : ''
  const where = line.records.map((r) => `${r.sequenceNumber}${r.subSequenceNumber === undefined ? '' : `#${r.subSequenceNumber}`}`)
  const from = `${line.records.length} record${line.records.length === 1 ? '' : 's'}: ${where.length > 3 ? `${where.slice(0, 3).join(', ')}, ...` : where.join(', ')}`
  const header = `${paint('bold', `→ ${line.type}`)} ${line.destination} ${paint('dim', `(${from})`)}`
  if (line.skipped !== undefined) return `${header}\n${paint('yellow', `skipped: ${line.skipped}`)}`
  const fields = Object.entries(line.fields ?? {}).map(([name, value]) => `${paint('dim', `${name}:`)} ${value}`)
  const payload = line.encoding ? Buffer.from(line.payload ?? '', 'base64') : Buffer.from(line.payload ?? '')
  return [header, ...fields, prettyData(payload, paint)].join('\n')
}
