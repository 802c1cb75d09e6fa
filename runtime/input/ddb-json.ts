// DynamoDB attribute values (as stream events carry them) to plain JSON values, for convertDDB:
// S -> string, N -> number, B -> base64 string, BOOL -> boolean, NULL -> null, M -> object,
// L -> array, SS/NS/BS -> arrays (numbers for NS, base64 strings for BS). Numbers go through a JS
// number (a double): beyond 15 to 17 significant digits they are rounded in converted images
// (12345678901234567891 becomes 12345678901234567000); keys (keyString) keep the N text.
import type {AttributeValueJson} from './event.js'

export type PlainJson = null | boolean | number | string | PlainJson[] | {[key: string]: PlainJson}

/** B in a stream event is already base64 text; a Uint8Array (SDK shape) is encoded. */
function binaryText(value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  throw new Error('binary attribute is neither base64 text nor bytes')
}

export function attributeToJson(attribute: AttributeValueJson): PlainJson {
  const [type] = Object.keys(attribute)
  const value = attribute[type]
  switch (type) {
    case 'S':
      return value as string
    case 'N':
      return Number(value)
    case 'B':
      return binaryText(value)
    case 'BOOL':
      return Boolean(value)
    case 'NULL':
      return null
    case 'M':
      return imageToJson(value as Record<string, AttributeValueJson>)
    case 'L':
      return (value as AttributeValueJson[]).map(attributeToJson)
    case 'SS':
      return [...(value as string[])]
    case 'NS':
      return (value as string[]).map(Number)
    case 'BS':
      return (value as unknown[]).map(binaryText)
    default:
      throw new Error(`unknown attribute type '${type}'`)
  }
}

export function imageToJson(image: Record<string, AttributeValueJson>): {[key: string]: PlainJson} {
  const out: {[key: string]: PlainJson} = {}
  for (const [name, attribute] of Object.entries(image)) out[name] = attributeToJson(attribute)
  return out
}

/**
 * The record key: the key attributes' values (binary as base64) joined by `|`, in event order. A
 * number is its N text as DynamoDB sent it, never a JS number: keys up to 38 digits stay distinct
 * (as a number, 9007199254740993 and 9007199254740992 would share one key). DynamoDB sends numbers
 * normalised (no leading or trailing zeros, no exponent), so ordinary numbers give the same text as
 * before.
 */
export function keyString(keys: Record<string, AttributeValueJson>): string {
  return Object.values(keys)
    .map((attribute) => {
      if (typeof attribute.N === 'string') return attribute.N
      const value = attributeToJson(attribute)
      return typeof value === 'string' ? value : JSON.stringify(value)
    })
    .join('|')
}
