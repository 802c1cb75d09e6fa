// The services tier: moto server, Redis and memcached. .ci/run starts them and exports their
// addresses; a local run without them skips those suites (and .ci/run fails on any skip).
import {Socket} from 'node:net'

export const MOTO_ENDPOINT = process.env.MOTO_ENDPOINT ?? 'http://127.0.0.1:5000'
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
export const MEMCACHED_ADDRESS = process.env.MEMCACHED_ADDRESS ?? '127.0.0.1:11211'

/** True when every tier must run: FANOUT_REQUIRE_SERVICES=1 (not CI=true alone). */
export const requireEveryTier = (): boolean => Boolean(process.env.FANOUT_REQUIRE_SERVICES && process.env.FANOUT_REQUIRE_SERVICES !== '0')

function tcpReachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(port, host, () => done(true))
  })
}

function hostPort(address: string): [string, number] {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`)
  return [url.hostname, Number(url.port)]
}

/**
 * Call in a suite's before(): skips the suite when the service is down, unless the run requires
 * every tier (FANOUT_REQUIRE_SERVICES=1, as .ci/run sets), where a missing service is a failure.
 * CI=true alone does not: every hosted CI sets it (docs/architecture.md, "Tests and services").
 */
export async function requireService(context: Mocha.Context, name: 'moto' | 'redis' | 'memcached'): Promise<void> {
  const address = name === 'moto' ? MOTO_ENDPOINT : name === 'redis' ? REDIS_URL : MEMCACHED_ADDRESS
  const [host, port] = hostPort(address)
  if (await tcpReachable(host, port)) return
  if (requireEveryTier()) {
    throw new Error(`${name} is required for this suite but does not answer on ${address} (.ci/run starts it)`)
  }
  context.skip()
}

/** Resets moto's state so suites do not see each other's resources. */
export async function resetMoto(): Promise<void> {
  await fetch(`${MOTO_ENDPOINT}/moto-api/reset`, {method: 'POST'})
}
