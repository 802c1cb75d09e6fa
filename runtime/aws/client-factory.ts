// The one AWS client factory, used by the runtime and (through src/aws/clients.ts) by the CLI.
// Every client gets the Node HTTP/1.1 handler with keep-alive: it works against plain HTTP/1.1
// emulators (kinesalite, moto) and reuses connections across calls and invocations.
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

let sharedHandler: NodeHttpHandler | undefined

function httpHandler(requestTimeoutMs?: number): NodeHttpHandler {
  if (requestTimeoutMs !== undefined) {
    return new NodeHttpHandler({
      httpAgent: new HttpAgent({keepAlive: true, maxSockets: 50}),
      httpsAgent: new HttpsAgent({keepAlive: true, maxSockets: 50}),
      requestTimeout: requestTimeoutMs,
    })
  }
  sharedHandler ??= new NodeHttpHandler({
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
  useCompactBodies(client)
  return client
}
