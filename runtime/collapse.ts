// Collapse modes (sns, sqs, iot): how records become message bodies (docs/runtime.md, "Collapse modes").
//   none        one message per record; body = the record as UTF-8 text (not valid UTF-8: base64)
//   JSON        {"Records":[...]} of each record's JSON value (not JSON: a JSON string of its text)
//   concat      the records' bytes one after the other (+ "\n" after each with appendNewlines)
//   concat-b64  base64 of what concat gives
// Collapsed messages are packed as full as maxMessageBytes allows; a record that cannot fit in a
// message on its own is returned in `oversized` for the caller to log and skip.
import {isUtf8} from 'node:buffer'
import type {CollapseMode} from './mapping/schema.js'
import type {OutRecord} from './records.js'

export interface Message {
  body: Buffer
  records: OutRecord[]
}

export interface CollapseOptions {
  /** concat, concat-b64: a "\n" after each record. */
  appendNewlines?: boolean
}

export interface CollapseResult {
  messages: Message[]
  oversized: OutRecord[]
}

const JSON_OPEN = Buffer.from('{"Records":[')
const JSON_CLOSE = Buffer.from(']}')
const COMMA = Buffer.from(',')
const NEWLINE = Buffer.from('\n')

/** The record as text: its UTF-8 bytes, or the base64 of bytes that are not valid UTF-8. */
export function recordText(data: Buffer): Buffer {
  return isUtf8(data) ? data : Buffer.from(data.toString('base64'))
}

const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d])

/**
 * The record's JSON value as bytes: the record itself when it is a JSON text (kept byte for byte
 * apart from surrounding whitespace, so large numbers keep their digits), otherwise a JSON string
 * of its text.
 */
export function recordJson(data: Buffer): Buffer {
  if (isUtf8(data)) {
    const text = data.toString('utf8')
    try {
      JSON.parse(text)
      let start = 0
      let end = data.length
      while (start < end && JSON_WHITESPACE.has(data[start])) start++
      while (end > start && JSON_WHITESPACE.has(data[end - 1])) end--
      return start === 0 && end === data.length ? data : data.subarray(start, end)
    } catch {
      return Buffer.from(JSON.stringify(text))
    }
  }
  return Buffer.from(JSON.stringify(data.toString('base64')))
}

function noneMessages(records: OutRecord[], max: number): CollapseResult {
  const messages: Message[] = []
  const oversized: OutRecord[] = []
  for (const record of records) {
    const body = recordText(record.data)
    if (body.length > max) oversized.push(record)
    else messages.push({body, records: [record]})
  }
  return {messages, oversized}
}

function jsonMessages(records: OutRecord[], max: number): CollapseResult {
  const messages: Message[] = []
  const oversized: OutRecord[] = []
  const frame = JSON_OPEN.length + JSON_CLOSE.length
  let parts: Buffer[] = []
  let members: OutRecord[] = []
  let size = frame
  const flush = () => {
    if (members.length === 0) return
    const chunks: Buffer[] = [JSON_OPEN]
    parts.forEach((part, n) => {
      if (n > 0) chunks.push(COMMA)
      chunks.push(part)
    })
    chunks.push(JSON_CLOSE)
    messages.push({body: Buffer.concat(chunks, size), records: members})
    parts = []
    members = []
    size = frame
  }
  for (const record of records) {
    const json = recordJson(record.data)
    if (frame + json.length > max) {
      oversized.push(record)
      continue
    }
    const added = json.length + (members.length > 0 ? 1 : 0)
    if (size + added > max) flush()
    size += json.length + (members.length > 0 ? 1 : 0)
    parts.push(json)
    members.push(record)
  }
  flush()
  return {messages, oversized}
}

function concatMessages(records: OutRecord[], maxRawBytes: number, newline: boolean, encode: (raw: Buffer) => Buffer): CollapseResult {
  const messages: Message[] = []
  const oversized: OutRecord[] = []
  let chunks: Buffer[] = []
  let members: OutRecord[] = []
  let size = 0
  const flush = () => {
    if (members.length === 0) return
    messages.push({body: encode(Buffer.concat(chunks, size)), records: members})
    chunks = []
    members = []
    size = 0
  }
  for (const record of records) {
    const length = record.data.length + (newline ? 1 : 0)
    if (length > maxRawBytes) {
      oversized.push(record)
      continue
    }
    if (size + length > maxRawBytes) flush()
    chunks.push(record.data)
    if (newline) chunks.push(NEWLINE)
    members.push(record)
    size += length
  }
  flush()
  return {messages, oversized}
}

/** How many raw bytes fit in a message whose base64 must stay within maxMessageBytes. */
export const base64Capacity = (maxMessageBytes: number): number => Math.floor(maxMessageBytes / 4) * 3

export function buildMessages(
  records: OutRecord[],
  mode: CollapseMode,
  maxMessageBytes: number,
  options: CollapseOptions = {},
): CollapseResult {
  const newline = options.appendNewlines ?? false
  switch (mode) {
    case 'none':
      return noneMessages(records, maxMessageBytes)
    case 'JSON':
      return jsonMessages(records, maxMessageBytes)
    case 'concat':
      return concatMessages(records, maxMessageBytes, newline, (raw) => raw)
    case 'concat-b64':
      return concatMessages(records, base64Capacity(maxMessageBytes), newline, (raw) => Buffer.from(raw.toString('base64')))
  }
}
