// The one AWS client factory, used by the runtime and (through src/aws/clients.ts) by the CLI.
// Every client gets the Node HTTP/1.1 handler with keep-alive: it works against plain HTTP/1.1
// emulators (kinesalite, moto) and reuses connections across calls and invocations. Calls made with
// sendAbortable keep the client's resolved middleware stack (resolving it again for every command
// cost about a fifth of an SQS or SNS call's CPU): their abort signal rides with the command's input
// to the HTTP handler instead of in per-call options, which turn the SDK's cache off.
import {Agent as HttpAgent} from 'node:http'
import {Agent as HttpsAgent} from 'node:https'
import {NodeHttpHandler} from '@smithy/node-http-handler'
import type {AwsCredentialIdentity, AwsCredentialIdentityProvider} from '@smithy/types'
import {useCompactBodies} from './compact-body.js'

export interface ClientOptions {
  region?: string
  /** Static credentials or a provider (assumed role, profile); default chain when absent. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider
  /** Explicit endpoint (CLI --endpoint-url); AWS_ENDPOINT_URL[_SERVICE] work without it. */
  endpoint?: string
  /** SDK-level attempts; the runtime retries entries itself, so it asks for few. */
  maxAttempts?: number
  /** Named profile of the shared config/credentials files (CLI --profile). */
  profile?: string
  requestTimeoutMs?: number
  /** Service-specific client settings (e.g. SQS `useQueueUrlAsEndpoint`), passed as they are. */
  extra?: Record<string, unknown>
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ClientConstructor<C> = new (config: any) => C

/** Command input -> the abort signal of the call that sends it (sendAbortable). */
const inputSignals = new WeakMap<object, AbortSignal>()
/** HTTP request of an attempt -> that call's abort signal (set by the middleware below). */
const requestSignals = new WeakMap<object, AbortSignal>()

/** Aborts a request when the signal its command was sent with aborts, as `{abortSignal}` would. */
class AbortableHttpHandler extends NodeHttpHandler {
  override handle(request: Parameters<NodeHttpHandler['handle']>[0], options: Parameters<NodeHttpHandler['handle']>[1] = {}) {
    const abortSignal = requestSignals.get(request)
    return super.handle(request, abortSignal ? {...options, abortSignal} : options)
  }
}

interface MiddlewareStackOwner {
  middlewareStack: {add(middleware: unknown, options: Record<string, unknown>): void}
}

/** Last before the HTTP handler, for every attempt: the request carries its call's signal. */
function carrySignals(client: MiddlewareStackOwner): void {
  const middleware = (next: (args: {input: object; request: object}) => Promise<unknown>) => (args: {input: object; request: object}) => {
    const signal = inputSignals.get(args.input)
    if (signal) requestSignals.set(args.request, signal)
    return next(args)
  }
  client.middlewareStack.add(middleware, {name: 'fanoutAbortSignal', priority: 'low', step: 'deserialize'})
}

/** Client settings for callers of sendAbortable: reuse the resolved middleware stack for calls
 * sent without per-call options (not for every client: the DynamoDB document client refuses it). */
export const CACHED_MIDDLEWARE = {cacheMiddleware: true} as const

/** client.send(command) abortable by `signal`, without per-call options (the middleware cache stays). */
export function sendAbortable<O>(client: {send(command: never): Promise<unknown>}, command: {input: object}, signal: AbortSignal | undefined): Promise<O> {
  if (signal) inputSignals.set(command.input, signal)
  return client.send(command as never) as Promise<O>
}

let sharedHandler: NodeHttpHandler | undefined

function httpHandler(requestTimeoutMs?: number): NodeHttpHandler {
  if (requestTimeoutMs !== undefined) {
    return new AbortableHttpHandler({
      httpAgent: new HttpAgent({keepAlive: true, maxSockets: 50}),
      httpsAgent: new HttpsAgent({keepAlive: true, maxSockets: 50}),
      requestTimeout: requestTimeoutMs,
    })
  }
  sharedHandler ??= new AbortableHttpHandler({
    connectionTimeout: 5_000,
    httpAgent: new HttpAgent({keepAlive: true, maxSockets: 50}),
    httpsAgent: new HttpsAgent({keepAlive: true, maxSockets: 50}),
  })
  return sharedHandler
}

export function createClient<C>(Client: ClientConstructor<C>, options: ClientOptions = {}): C {
  const client = new Client({
    requestHandler: httpHandler(options.requestTimeoutMs),
    ...(options.region ? {region: options.region} : {}),
    ...(options.credentials ? {credentials: options.credentials} : {}),
    ...(options.endpoint ? {endpoint: options.endpoint} : {}),
    ...(options.maxAttempts ? {maxAttempts: options.maxAttempts} : {}),
    ...(options.profile ? {profile: options.profile} : {}),
    ...options.extra,
  })
  carrySignals(client as MiddlewareStackOwner)
  useCompactBodies(client)
  return client
}
