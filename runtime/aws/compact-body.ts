// Request bodies in a buffer of their own size. The SDK's JSON serializer (@smithy/core
// JsonShapeSerializer2) writes a request into a buffer it grows by doubling, reserving three bytes
// for each character of a string, and sends a view of that buffer: a 1 MiB SQS message (collapse
// JSON or concat-b64) travels in a 4 MiB buffer. The buffer lives for the whole HTTP round trip,
// long enough to be promoted to V8's old space, so only a full garbage collection frees it, and
// being outside the V8 heap it is not bounded by the heap flags: with a few such calls in flight
// it held 16-19 MB. A body that fills less than half of its buffer is copied (before signing and
// sending) into one of its own size, so the big buffer is garbage at once and dies young.
import type {BuildMiddleware, MetadataBearer} from '@smithy/types'

/** Bodies wasting less than this are sent as they are (the copy would cost more than it frees). */
export const COMPACT_MIN_WASTE_BYTES = 64 * 1024

/** The body, or a copy of it in a buffer of its own size when its buffer is mostly unused. */
export function compactBody<B>(body: B): B {
  if (!(body instanceof Uint8Array)) return body
  const waste = body.buffer.byteLength - body.byteLength
  if (waste < COMPACT_MIN_WASTE_BYTES || waste <= body.byteLength) return body
  // Not Buffer.from(body): it would take the serializer's view by its valueOf(), a string.
  const copy = Buffer.allocUnsafeSlow(body.byteLength)
  copy.set(body)
  return copy as B
}

const compactBodyMiddleware: BuildMiddleware<object, MetadataBearer> = (next) => (args) => {
  const request = args.request as {body?: unknown}
  if (request && typeof request === 'object' && 'body' in request) request.body = compactBody(request.body)
  return next(args)
}

interface WithMiddlewareStack {
  middlewareStack?: {add(middleware: BuildMiddleware<object, MetadataBearer>, options: {step: 'build'; name: string}): void}
}

/** Adds the step to an SDK v3 client (before signing: the signature covers the same bytes). */
export function useCompactBodies<C>(client: C): C {
  ;(client as WithMiddlewareStack).middlewareStack?.add(compactBodyMiddleware, {name: 'fanoutCompactBody', step: 'build'})
  return client
}
