// Redis connections, one per destination, kept across invocations. A connection that failed is
// dropped and a new one is built on the next use; connecting is bounded by a timeout so a server
// that is down fails the batch quickly instead of hanging the invocation.
import {Redis, type RedisOptions} from 'ioredis'
import {cacheCommandTimeoutMs, cacheConnectTimeoutMs} from './settings.js'

const connections = new Map<string, Redis>()
/** The last error a client emitted: the reason behind ioredis's generic "Connection is closed". */
const lastErrors = new WeakMap<Redis, Error>()

/** ioredis options for `host:port` or a `redis://` / `rediss://` URL (TLS, user, password, db). */
export function redisAddress(destination: string): {url?: string; host?: string; port?: number} {
  if (/^rediss?:\/\//i.test(destination)) return {url: destination}
  const colon = destination.lastIndexOf(':')
  return {host: destination.slice(0, colon), port: Number(destination.slice(colon + 1))}
}

/** Where the connection goes, without credentials (for log lines). */
export function redisLabel(destination: string): string {
  const address = redisAddress(destination)
  if (!address.url) return destination
  const url = new URL(address.url)
  return `${url.protocol}//${url.host}${url.pathname.length > 1 ? url.pathname : ''}`
}

/** A client for the destination, not yet connected (lazyConnect). */
export function createRedisClient(destination: string): Redis {
  const options: RedisOptions = {
    commandTimeout: cacheCommandTimeoutMs(),
    connectTimeout: cacheConnectTimeoutMs(),
    enableOfflineQueue: true,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    // No background reconnect loop: a broken connection is rebuilt on the next invocation's use.
    retryStrategy: () => null,
  }
  const address = redisAddress(destination)
  const client = address.url ? new Redis(address.url, options) : new Redis({...options, host: address.host, port: address.port})
  // Errors surface through the commands; without a listener ioredis would print them unformatted.
  client.on('error', (error: Error) => lastErrors.set(client, error))
  return client
}

/** A connected client for the destination (reused while healthy). Throws when it cannot connect. */
export async function redisConnection(destination: string): Promise<Redis> {
  let client = connections.get(destination)
  if (client && (client.status === 'end' || client.status === 'close')) {
    dropRedisConnection(destination)
    client = undefined
  }
  if (!client) {
    client = createRedisClient(destination)
    connections.set(destination, client)
  }
  if (client.status === 'wait') {
    try {
      await client.connect()
    } catch (error) {
      dropRedisConnection(destination)
      const cause = lastErrors.get(client)
      throw cause && cause.message !== (error as Error).message ? Object.assign(new Error(`${cause.message} (${(error as Error).message})`), {cause}) : error
    }
  }
  return client
}

/** Forgets (and closes) the destination's connection, e.g. after a failed pipeline. */
export function dropRedisConnection(destination: string): void {
  const client = connections.get(destination)
  connections.delete(destination)
  client?.disconnect()
}

/** Closes every connection (tests, benchmark). */
export function closeRedisConnections(): void {
  for (const destination of [...connections.keys()]) dropRedisConnection(destination)
}
