// The NDJSON body of an OpenSearch `_bulk` request: per record an index action with `_id` = the
// record key, then the document. A record that is a JSON object is the document as is (its line
// breaks, which valid JSON only has as whitespace, become spaces). Anything else is wrapped so it
// is never lost: {"data": <its JSON value, or its text as a string>}, and bytes that are not
// UTF-8 as {"data": "<base64>", "encoding": "base64"}.
import {isUtf8} from 'node:buffer'
import {recordJson} from '../../collapse.js'
import type {OutRecord} from '../../records.js'

const NEWLINE = Buffer.from('\n')
const CR = 0x0d
const LF = 0x0a
const OPEN_BRACE = 0x7b

function oneLine(json: Buffer): Buffer {
  if (!json.includes(LF) && !json.includes(CR)) return json
  const copy = Buffer.from(json)
  for (let i = 0; i < copy.length; i++) if (copy[i] === LF || copy[i] === CR) copy[i] = 0x20
  return copy
}

function firstNonSpace(data: Buffer): number {
  for (const byte of data) if (byte !== 0x20 && byte !== 0x09 && byte !== LF && byte !== CR) return byte
  return -1
}

/** The document a record becomes (one line of JSON, always an object). */
export function esDocument(data: Buffer): Buffer {
  if (!isUtf8(data)) return Buffer.from(JSON.stringify({data: data.toString('base64'), encoding: 'base64'}))
  // The record itself when it is JSON, else a JSON string of its text: a leading brace means the
  // record is a JSON object.
  const json = recordJson(data)
  if (firstNonSpace(json) === OPEN_BRACE) return oneLine(json)
  return oneLine(Buffer.concat([Buffer.from('{"data":'), json, Buffer.from('}')]))
}

export function actionLine(record: OutRecord): Buffer {
  return Buffer.from(record.key ? `{"index":{"_id":${JSON.stringify(record.key)}}}\n` : '{"index":{}}\n')
}

export interface BulkEntry {
  record: OutRecord
  /** Action line + document + newline. */
  lines: Buffer
}

export function bulkEntry(record: OutRecord): BulkEntry {
  return {lines: Buffer.concat([actionLine(record), esDocument(record.data), NEWLINE]), record}
}

export const bulkBody = (entries: BulkEntry[]): Buffer => Buffer.concat(entries.map((entry) => entry.lines))
