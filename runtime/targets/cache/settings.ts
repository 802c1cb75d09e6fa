// Tunables of the cache targets (redis, memcached), read from the function's environment.
//   FANOUT_CACHE_CONNECT_TIMEOUT_MS   connect timeout to a cache node (default 2000)
//   FANOUT_CACHE_COMMAND_TIMEOUT_MS   time a command may wait for its reply (default 5000)
//   FANOUT_MEMCACHED_DISCOVERY_SECONDS how often a configuration endpoint is asked again for the
//                                     node list (ElastiCache auto-discovery; default 60)

function positive(name: string, fallback: number): number {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

export const cacheConnectTimeoutMs = (): number => positive('FANOUT_CACHE_CONNECT_TIMEOUT_MS', 2_000)
export const cacheCommandTimeoutMs = (): number => positive('FANOUT_CACHE_COMMAND_TIMEOUT_MS', 5_000)
export const memcachedDiscoveryMs = (): number => positive('FANOUT_MEMCACHED_DISCOVERY_SECONDS', 60) * 1000
