// Redis connections, one per destination, kept across invocations. A connection that failed is
// dropped and a new one is built on the next use; connecting is bounded by a timeout so a server
// that is down fails the batch quickly instead of hanging the invocation.
//
// passwordSecret: the AUTH password comes from an AWS Secrets Manager secret (its SecretString, or
// the `password` field of a JSON SecretString) instead of the destination URL. It is read when a
// connection is first built and kept for PASSWORD_CACHE_MS; a connection refused for its password
// (WRONGPASS, NOAUTH: the secret was rotated) forgets it, so the next connection reads it again.
import {Redis, type RedisOptions} from 'ioredis'
import {parseArn} from '../../mapping/arn.js'
import {createClient} from '../../aws/client-factory.js'
import {cacheCommandTimeoutMs, cacheConnectTimeoutMs} from './settings.js'

/** How long a password read from Secrets Manager is reused before it is read again. */
export const PASSWORD_CACHE_MS = 15 * 60_000

const passwords = new Map<string, {password: Promise<string>; readAt: number}>()

/** The password held by a secret: its SecretString, or the `password` field of a JSON one. */
export function passwordOfSecret(secretString: string): string {
  try {
    const value = JSON.parse(secretString) as unknown
    if (value && typeof value === 'object' && typeof (value as {password?: unknown}).password === 'string') return (value as {password: string}).password
  } catch {
    // Not JSON: the string is the password.
  }
  return secretString
}

async function readSecret(arn: string): Promise<string> {
  const {GetSecretValueCommand, SecretsManagerClient} = await import('@aws-sdk/client-secrets-manager')
  const region = parseArn(arn)?.region
  const client = createClient(SecretsManagerClient, {maxAttempts: 2, ...(region ? {region} : {})})
  try {
    const out = await client.send(new GetSecretValueCommand({SecretId: arn}))
    if (typeof out.SecretString !== 'string') throw new Error(`secret ${arn} holds no SecretString (binary secrets are not supported)`)
    return passwordOfSecret(out.SecretString)
  } catch (error) {
    // The secret's value never goes into a message; its ARN does.
    throw Object.assign(new Error(`cannot read the Redis password from secret ${arn}: ${(error as Error).name}: ${(error as Error).message}`), {cause: error})
  } finally {
    client.destroy()
  }
}

/** The password of `arn`, read once per PASSWORD_CACHE_MS (a failed read is not kept). */
export function secretPassword(arn: string, now = Date.now()): Promise<string> {
  const cached = passwords.get(arn)
  if (cached && now - cached.readAt < PASSWORD_CACHE_MS) return cached.password
  const password = readSecret(arn)
  passwords.set(arn, {password, readAt: now})
  password.catch(() => {
    if (passwords.get(arn)?.password === password) passwords.delete(arn)
  })
  return password
}

/** Forgets a cached password (after the server refused it), or every one. */
export function forgetSecretPassword(arn?: string): void {
  if (arn === undefined) passwords.clear()
  else passwords.delete(arn)
}

/** The connection cache key: the destination, and the secret its password comes from. */
const connectionKey = (destination: string, passwordSecret?: string): string => (passwordSecret ? `${destination}\u0000${passwordSecret}` : destination)

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

/** A client for the destination, not yet connected (lazyConnect); `password` overrides the URL's. */
export function createRedisClient(destination: string, password?: string): Redis {
  const options: RedisOptions = {
    commandTimeout: cacheCommandTimeoutMs(),
    connectTimeout: cacheConnectTimeoutMs(),
    enableOfflineQueue: true,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    // No background reconnect loop: a broken connection is rebuilt on the next invocation's use.
    retryStrategy: () => null,
    ...(password === undefined ? {} : {password}),
  }
  const address = redisAddress(destination)
  const client = address.url ? new Redis(address.url, options) : new Redis({...options, host: address.host, port: address.port})
  // Errors surface through the commands; without a listener ioredis would print them unformatted.
  client.on('error', (error: Error) => lastErrors.set(client, error))
  return client
}

/**
 * A connected client for the destination (reused while healthy). Throws when it cannot connect.
 * With `passwordSecret`, the AUTH password is read from that Secrets Manager secret (cached).
 */
export async function redisConnection(destination: string, passwordSecret?: string): Promise<Redis> {
  const key = connectionKey(destination, passwordSecret)
  let client = connections.get(key)
  if (client && (client.status === 'end' || client.status === 'close')) {
    dropRedisConnection(destination, passwordSecret)
    client = undefined
  }
  if (!client) {
    const password = passwordSecret ? await secretPassword(passwordSecret) : undefined
    // Another caller may have built one while the secret was read.
    client = connections.get(key) ?? createRedisClient(destination, password)
    connections.set(key, client)
  }
  if (client.status === 'wait') {
    try {
      await client.connect()
    } catch (error) {
      dropRedisConnection(destination, passwordSecret)
      const cause = lastErrors.get(client)
      if (passwordSecret && /WRONGPASS|NOAUTH|invalid password/i.test(`${cause?.message ?? ''} ${(error as Error).message}`)) forgetSecretPassword(passwordSecret)
      throw cause && cause.message !== (error as Error).message ? Object.assign(new Error(`${cause.message} (${(error as Error).message})`), {cause}) : error
    }
  }
  return client
}

/** Forgets (and closes) the destination's connection, e.g. after a failed pipeline. */
export function dropRedisConnection(destination: string, passwordSecret?: string): void {
  const key = connectionKey(destination, passwordSecret)
  const client = connections.get(key)
  connections.delete(key)
  client?.disconnect()
}

/** Closes every connection (tests, benchmark). */
export function closeRedisConnections(): void {
  for (const client of connections.values()) client.disconnect()
  connections.clear()
}
