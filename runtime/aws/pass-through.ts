// Pass-through (docs/runtime.md "Pass-through"): the kinesis and firehose targets write their JSON
// request body themselves, with each record's data as the event's own base64 text, instead of
// handing the SDK bytes that it re-encodes with a JavaScript loop into a buffer grown by doubling.
// The SDK still does everything else: its serializer runs on the call's input without the records
// (headers, endpoint), then the body written here replaces its body, before content-length,
// retries and SigV4 signing. FANOUT_PASSTHROUGH=off sends through the SDK's own serializer.
import type {HttpRequest, MetadataBearer, MiddlewareStack, SerializeMiddleware} from '@smithy/types'

/** Off with FANOUT_PASSTHROUGH=off; read at every call, so a change applies to the next invocation. */
export const passThroughOn = (): boolean => process.env.FANOUT_PASSTHROUGH !== 'off'

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
  let at = body.write(glue[0], 0, 'utf8')
  for (let n = 0; n < count; n++) {
    at += body.write(texts[n], at, 'latin1')
    at += body.write(glue[n + 1], at, 'utf8')
  }
  return body.subarray(0, at)
}

/** Where the written body rides on the command's input: a symbol, which the SDK's serializer does not see. */
const BODY = Symbol('fanout.passThroughBody')
const MIDDLEWARE = 'fanoutPassThroughBody'

interface Client {
  middlewareStack: Pick<MiddlewareStack<object, MetadataBearer>, 'addRelativeTo'>
  send(command: never, options?: {abortSignal?: AbortSignal}): Promise<unknown>
}

/** The body sendWithBody put on a command's input, if any (for tests that stub the client's send). */
export const writtenBody = (input: object): Buffer | undefined => (input as {[BODY]?: Buffer})[BODY]

const equipped = new WeakSet<object>()

/** Adds, once per client, the step that puts a written body in place of the serializer's. */
function equip(client: Client): void {
  if (equipped.has(client)) return
  const putBody: SerializeMiddleware<object, MetadataBearer> = (next) => async (args) => {
    const body = (args.input as {[BODY]?: Buffer})[BODY]
    if (body !== undefined) (args.request as HttpRequest).body = body
    return next(args)
  }
  client.middlewareStack.addRelativeTo(
    putBody,
    // The SDK's serializer step (@smithy/core schema serde): content-length, retries and signing come after.
    {name: MIDDLEWARE, relation: 'after', toMiddleware: 'serializerMiddleware'},
  )
  equipped.add(client)
}

/**
 * Sends `command`, whose input holds every member but the records, with `body` as the request body
 * (the whole input, records included, as recordsBody wrote it).
 */
export async function sendWithBody<Output>(client: Client, command: {input: object}, body: Buffer, signal: AbortSignal): Promise<Output> {
  equip(client)
  ;(command.input as {[BODY]?: Buffer})[BODY] = body
  return (await client.send(command as never, {abortSignal: signal})) as Output
}
