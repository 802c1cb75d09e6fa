// Pass-through (docs/runtime.md "Pass-through"): the kinesis and firehose targets write their JSON
// request body themselves, with each record's data as the event's own base64 text, instead of
// handing the SDK bytes that it re-encodes with a JavaScript loop into a buffer grown by doubling.
// The SDK still does everything else: its serializer runs on the call's input without the records
// (headers, endpoint), then the body written here replaces its body, before content-length,
// retries and SigV4 signing; a successful answer is parsed here as plain JSON. FANOUT_PASSTHROUGH=off
// sends through the SDK's own serializer and deserializer.
import type {DeserializeMiddleware, HttpRequest, HttpResponse, MetadataBearer, MiddlewareStack, SerializeMiddleware} from '@smithy/types'
import {sendAbortable} from './client-factory.js'

/** Off with FANOUT_PASSTHROUGH=off; read at every call, so a change applies to the next invocation. */
export const passThroughOn = (): boolean => process.env.FANOUT_PASSTHROUGH !== 'off'

/** Buffer's per-encoding writers, which Buffer#write dispatches to after checking its arguments
 * (checks made twice per record here); Buffer#write where a Node lacks them. */
type Writer = (buffer: Buffer, text: string, at: number) => number
const native = Buffer.prototype as unknown as Record<'latin1Write' | 'utf8Write', ((text: string, at: number) => number) | undefined>
const writeLatin1: Writer = native.latin1Write ? (buffer, text, at) => native.latin1Write!.call(buffer, text, at) : (buffer, text, at) => buffer.write(text, at, 'latin1')
const writeUtf8: Writer = native.utf8Write ? (buffer, text, at) => native.utf8Write!.call(buffer, text, at) : (buffer, text, at) => buffer.write(text, at, 'utf8')

/**
 * A JSON request body: `head`, then `{"Data":"<data><rest>}` per item, comma-separated, then
 * `tail`. `data` is base64 text, which needs no escaping and is written as Latin-1 (the cheapest
 * native write); `rest` is the JSON text after it, starting where the Data string goes on (its last
 * characters and closing quote, then the item's other members, names and keys through
 * JSON.stringify). One buffer, sized from an upper bound (3 UTF-8 bytes per UTF-16 unit of the JSON
 * text) and cut to what was written.
 */
export function recordsBody<T>(head: string, items: readonly T[], data: (item: T) => string, rest: (item: T) => string, tail: string): Buffer {
  const count = items.length
  const texts = new Array<string>(count)
  const glue = new Array<string>(count + 1)
  glue[0] = count === 0 ? head + tail : head + '{"Data":"'
  let bound = glue[0].length * 3
  for (let n = 0; n < count; n++) {
    const item = items[n]
    const text = data(item)
    texts[n] = text
    const after = rest(item) + (n + 1 < count ? '},{"Data":"' : '}' + tail)
    glue[n + 1] = after
    bound += text.length + after.length * 3
  }
  const body = Buffer.allocUnsafe(bound)
  let at = writeUtf8(body, glue[0], 0)
  for (let n = 0; n < count; n++) {
    at += writeLatin1(body, texts[n], at)
    at += writeUtf8(body, glue[n + 1], at)
  }
  return body.subarray(0, at)
}

/** What rides on a pass-through command's input: symbols, which the SDK's serializer does not see. */
const BODY = Symbol('fanout.passThroughBody')
const ANSWER = Symbol('fanout.passThroughAnswer')

interface PassThroughInput {
  [BODY]?: Buffer
  /** The JSON answer of a 2xx response, parsed here instead of by the SDK's schema walk. */
  [ANSWER]?: {value?: unknown}
}

interface Client {
  middlewareStack: Pick<MiddlewareStack<object, MetadataBearer>, 'addRelativeTo'>
  send(command: never, options?: {abortSignal?: AbortSignal}): Promise<unknown>
}

/** The body sendWithBody put on a command's input, if any (for tests that stub the client's send). */
export const writtenBody = (input: object): Buffer | undefined => (input as PassThroughInput)[BODY]

const EMPTY = new Uint8Array(0)

async function bytesOf(body: unknown): Promise<Uint8Array | undefined> {
  if (body instanceof Uint8Array) return body
  if (!body || typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] !== 'function') return undefined
  const chunks: Uint8Array[] = []
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(chunk)
  return Buffer.concat(chunks)
}

/** Puts the written body in place of the serializer's; content-length, retries and signing come after. */
const putBody: SerializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
  const body = (args.input as PassThroughInput)[BODY]
  if (body !== undefined) (args.request as HttpRequest).body = body
  return next(args)
}

/**
 * Reads a 2xx answer of a pass-through call as plain JSON (the targets read it entry by entry) and
 * hands the SDK's deserializer an empty body: its schema walk of 500 answer entries costs more than
 * the parse. Errors, and an answer that is not JSON, are left to the SDK as they are.
 */
const readAnswer: DeserializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
  const result = await next(args)
  const slot = (args.input as PassThroughInput)[ANSWER]
  const response = result.response as HttpResponse
  if (!slot || response.statusCode < 200 || response.statusCode > 299) return result
  const bytes = await bytesOf(response.body)
  if (!bytes) return result
  try {
    slot.value = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))
    response.body = EMPTY
  } catch {
    response.body = bytes
  }
  return result
}

const equipped = new WeakSet<object>()

/** Adds, once per client, the two steps around the SDK's serializer and deserializer. Before the
 * client's first call, whichever path it takes: the client keeps its resolved middleware stack
 * (CACHED_MIDDLEWARE), so steps added later would never run. */
export function equipPassThrough<C>(client: C): C {
  if (equipped.has(client as object)) return client
  const stack = (client as unknown as Client).middlewareStack
  // Names of the SDK's serde steps (@smithy/core schema serde); a missing one fails the call loudly.
  stack.addRelativeTo(putBody, {name: 'fanoutPassThroughBody', relation: 'after', toMiddleware: 'serializerMiddleware'})
  stack.addRelativeTo(readAnswer, {name: 'fanoutPassThroughAnswer', relation: 'after', toMiddleware: 'deserializerMiddleware'})
  equipped.add(client as object)
  return client
}

/**
 * Sends `command`, whose input holds every member but the records, with `body` as the request body
 * (the whole input, records included, as recordsBody wrote it). Resolves with the answer's JSON.
 */
export async function sendWithBody<Answer>(client: Client, command: {input: object}, body: Buffer, signal: AbortSignal): Promise<Answer> {
  equipPassThrough(client)
  const input = command.input as PassThroughInput
  const slot: {value?: unknown} = {}
  input[BODY] = body
  input[ANSWER] = slot
  const output = await sendAbortable(client, command, signal)
  return (slot.value ?? output) as Answer
}
