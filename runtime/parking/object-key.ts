// Where a parked object lives in the parking bucket (docs/runtime.md, "Isolation"):
//   parked/<encodeURIComponent(sourceArn)>/<encodeURIComponent(mapping id)>/YYYY/MM/DD/HH/
//     <parked-at ISO time>-<shardId>-<first sequence number>-<count>.jsonl.gz
// in UTC. The record count is part of the key so that a listing counts records without reading.

export const PARKED_PREFIX = 'parked/'
const SUFFIX = '.jsonl.gz'

export interface ParkedObjectKeyParts {
  sourceArn: string
  mappingId: string
  parkedAt: Date
  shardId: string
  firstSequenceNumber: string
  count: number
}

const pad = (value: number): string => String(value).padStart(2, '0')

/** `shardId-` stays as Kinesis writes it; any other hyphen in a shard id is escaped, so keys parse back. */
function encodeShard(shardId: string): string {
  const escape = (text: string) => encodeURIComponent(text).replace(/-/g, '%2D')
  return shardId.startsWith('shardId-') ? `shardId-${escape(shardId.slice(8))}` : escape(shardId)
}

/** `parked/<source>/` or `parked/<source>/<mapping>/`: the prefix to list a source or one mapping. */
export function parkedPrefix(sourceArn?: string, mappingId?: string): string {
  if (sourceArn === undefined) return PARKED_PREFIX
  const source = `${PARKED_PREFIX}${encodeURIComponent(sourceArn)}/`
  return mappingId === undefined ? source : `${source}${encodeURIComponent(mappingId)}/`
}

export function parkedObjectKey(parts: ParkedObjectKeyParts): string {
  const at = parts.parkedAt
  if (Number.isNaN(at.getTime())) throw new RangeError('parkedAt is not a valid date')
  if (!Number.isInteger(parts.count) || parts.count < 1) throw new RangeError(`count must be a whole number of at least 1, got ${parts.count}`)
  const hour = `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())}/${pad(at.getUTCHours())}`
  const name = `${at.toISOString()}-${encodeShard(parts.shardId)}-${encodeURIComponent(parts.firstSequenceNumber)}-${parts.count}${SUFFIX}`
  return `${parkedPrefix(parts.sourceArn, parts.mappingId)}${hour}/${name}`
}

// The shard id may hold a hyphen itself (Kinesis `shardId-000000000000`); sequence numbers of
// Kinesis and DynamoDB are digits, an SNS message id is a UUID (hyphens): the count is the last part.
const NAME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-(shardId-[^-]+|[^-]+)-(.+)-(\d+)\.jsonl\.gz$/
const HOUR = /^\d{4}\/\d{2}\/\d{2}\/\d{2}$/

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}

/** The parts of a key written by parkedObjectKey; undefined for any other key. */
export function parseParkedObjectKey(key: string): ParkedObjectKeyParts | undefined {
  if (!key.startsWith(PARKED_PREFIX)) return undefined
  const segments = key.slice(PARKED_PREFIX.length).split('/')
  if (segments.length !== 7 || !HOUR.test(segments.slice(2, 6).join('/'))) return undefined
  const match = NAME.exec(segments[6])
  if (!match) return undefined
  const [, time, shard, sequence, count] = match
  const sourceArn = decode(segments[0])
  const mappingId = decode(segments[1])
  const shardId = decode(shard)
  const firstSequenceNumber = decode(sequence)
  const parkedAt = new Date(time)
  if (!sourceArn || !mappingId || shardId === undefined || firstSequenceNumber === undefined || Number.isNaN(parkedAt.getTime())) return undefined
  return {count: Number(count), firstSequenceNumber, mappingId, parkedAt, shardId, sourceArn}
}
