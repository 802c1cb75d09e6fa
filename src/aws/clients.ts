// The CLI's view of the one client factory (runtime/aws/client-factory.ts): region, profile and
// --endpoint-url from the global flags, AWS CLI conventions for the rest (AWS_REGION, then
// AWS_DEFAULT_REGION, then the profile's region; AWS_ENDPOINT_URL[_SERVICE] honoured by the SDK;
// profiles and credentials with the AWS CLI's precedence, see profile.ts).
// Clients are created on first use and cached, so a command only loads the SDK packages it needs.
// No call hangs (docs/architecture.md, "The CLI"): a connect timeout of 5 s and a read timeout of
// --cli-read-timeout seconds (60, as the AWS CLI) on every client; a call that timed out is not
// retried, and fails as one line naming the service and the endpoint (EndpointError); a spinner
// shows at a terminal while a call takes more than a moment (src/ui/call-spinner.ts).
import {Agent as HttpAgent} from 'node:http'
import {Agent as HttpsAgent} from 'node:https'
import {NodeHttpHandler} from '@smithy/node-http-handler'
import type {AwsCredentialIdentityProvider} from '@smithy/types'
import {createClient, type ClientConstructor} from '../../runtime/aws/client-factory.js'
import {EndpointError} from '../errors.js'
import {trackCall} from '../ui/call-spinner.js'
import {resolveProfileCredentials} from './profile.js'

export const CONNECT_TIMEOUT_MS = 5_000
export const DEFAULT_READ_TIMEOUT_SECONDS = 60

export interface AwsSettings {
  region?: string
  /** --profile as given on the command line (AWS_PROFILE is read from the environment). */
  profile?: string
  endpointUrl?: string
  /** --cli-read-timeout: seconds a call may wait for data (0: no limit). Default 60. */
  readTimeoutSeconds?: number
}

export function resolveRegion(flag?: string): string | undefined {
  return flag || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined
}

export class AwsClients {
  private readonly cache = new Map<unknown, unknown>()
  /** Resolved with the first client (a missing profile is then reported inside the command). */
  private credentials?: {provider?: AwsCredentialIdentityProvider}

  constructor(readonly settings: AwsSettings) {}

  get region(): string | undefined {
    return this.settings.region
  }

  /** A client of the given class, created once (same region/profile/endpoint for the command). */
  get<C>(Client: ClientConstructor<C>, overrides: {region?: string} = {}): C {
    const key = overrides.region && overrides.region !== this.settings.region ? `${Client.name}@${overrides.region}` : Client
    let client = this.cache.get(key) as C | undefined
    if (!client) {
      this.credentials ??= {provider: resolveProfileCredentials(this.settings.profile)}
      client = createClient(Client, {
        credentials: this.credentials.provider,
        endpoint: this.settings.endpointUrl,
        extra: {requestHandler: this.requestHandler()},
        profile: this.settings.profile,
        region: overrides.region ?? this.settings.region,
      })
      guardCalls(client as unknown as GuardableClient, this.readTimeoutMs())
      this.cache.set(key, client)
    }
    return client
  }

  private handler?: NodeHttpHandler

  private readTimeoutMs(): number {
    return (this.settings.readTimeoutSeconds ?? DEFAULT_READ_TIMEOUT_SECONDS) * 1000
  }

  /** One HTTP/1.1 handler (keep-alive) for the command's clients, with both timeouts. */
  private requestHandler(): NodeHttpHandler {
    const readMs = this.readTimeoutMs()
    this.handler ??= new NodeHttpHandler({
      connectionTimeout: CONNECT_TIMEOUT_MS,
      httpAgent: new HttpAgent({keepAlive: true, maxSockets: 50}),
      httpsAgent: new HttpsAgent({keepAlive: true, maxSockets: 50}),
      // Inactivity on the socket, as the AWS CLI's read timeout; 0 waits for ever.
      ...(readMs > 0 ? {socketTimeout: readMs} : {}),
    })
    return this.handler
  }
}

interface RetryStrategyV2 {
  acquireInitialRetryToken(scope: string): Promise<unknown>
  refreshRetryTokenForRetry(token: unknown, errorInfo: {error?: unknown}): Promise<unknown>
  recordSuccess(token: unknown): void
}

interface GuardableClient {
  config: {serviceId?: string; retryStrategy?: () => Promise<RetryStrategyV2 | object>}
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: Record<string, unknown>) => (args: unknown) => Promise<unknown>,
      options: {step: 'initialize'; priority: 'high'; name: string; override: boolean},
    ): void
  }
}

/** The SDK's own timeout errors (connect and read) and Node's network errors. */
export function isTimeout(error: unknown): boolean {
  const e = error as {name?: string; code?: string}
  return e?.name === 'TimeoutError' || e?.code === 'ETIMEDOUT'
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH'])

/**
 * No retry after a timeout (the strategy gives up on it, so the command fails within the read
 * timeout plus the connect timeout), and every timeout or network failure becomes one EndpointError
 * naming the service, the operation and the endpoint. Each call is shown to the call spinner.
 */
export function guardCalls(client: GuardableClient, readTimeoutMs: number): void {
  const service = client.config.serviceId ?? 'AWS'
  const original = client.config.retryStrategy
  if (typeof original === 'function') {
    client.config.retryStrategy = async () => {
      const strategy = (await original()) as RetryStrategyV2
      if (typeof strategy?.refreshRetryTokenForRetry !== 'function') return strategy
      return {
        acquireInitialRetryToken: (scope: string) => strategy.acquireInitialRetryToken(scope),
        recordSuccess: (token: unknown) => strategy.recordSuccess(token),
        async refreshRetryTokenForRetry(token: unknown, errorInfo: {error?: unknown}) {
          if (isTimeout(errorInfo.error)) throw errorInfo.error
          return strategy.refreshRetryTokenForRetry(token, errorInfo)
        },
      }
    }
  }
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'call').replace(/Command$/, '')
      const done = trackCall(`Waiting for ${service} (${operation})`)
      try {
        return await next(args)
      } catch (error) {
        const code = (error as {code?: string})?.code
        const answered = (error as {$metadata?: {httpStatusCode?: number}})?.$metadata?.httpStatusCode !== undefined
        if (!answered && (isTimeout(error) || (code && NETWORK_CODES.has(code)))) {
          const url = (context.endpointV2 as {url?: URL} | undefined)?.url
          const endpoint = url ? `${url.protocol}//${url.host}` : 'its endpoint'
          const connect = /establish a connection/.test((error as Error).message ?? '')
          const kind = isTimeout(error) ? (connect ? 'connect-timeout' : 'read-timeout') : 'unreachable'
          throw new EndpointError({cause: error, code, connectTimeoutMs: CONNECT_TIMEOUT_MS, endpoint, kind, operation, readTimeoutMs, service})
        }
        throw error
      } finally {
        done()
      }
    },
    {name: 'kinesisFanoutCallGuard', override: true, priority: 'high', step: 'initialize'},
  )
}
