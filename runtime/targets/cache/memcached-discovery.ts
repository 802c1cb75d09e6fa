// ElastiCache Memcached auto-discovery: a configuration endpoint (a host with `.cfg.` in its name)
// answers `config get cluster` with the cluster's node list:
//   CONFIG cluster 0 <length>\r\n<config version>\n<host|ip|port> <host|ip|port>...\n\r\nEND\r\n
// The list is cached per endpoint and asked again every FANOUT_MEMCACHED_DISCOVERY_SECONDS (60).
import {lookup as dnsLookup, type LookupAddress} from 'node:dns'
import {connect, type LookupFunction} from 'node:net'
import {cacheConnectTimeoutMs, memcachedDiscoveryMs} from './settings.js'

export interface ClusterConfig {
  version: number
  /** `address:port` of every node, in the order the cluster lists them. */
  nodes: string[]
}

export const isConfigurationEndpoint = (destination: string): boolean => {
  const nodes = destination.split(',')
  return nodes.length === 1 && nodes[0].split(':')[0].toLowerCase().includes('.cfg.')
}

/** Parses the reply to `config get cluster`; throws on anything else. */
export function parseClusterConfig(reply: string): ClusterConfig {
  const header = /^CONFIG cluster \d+ (\d+)\r\n/.exec(reply)
  if (!header) {
    const first = reply.split('\r\n')[0]
    throw new Error(`unexpected reply to 'config get cluster': ${JSON.stringify(first.slice(0, 80))} (not an ElastiCache configuration endpoint?)`)
  }
  const body = Buffer.from(reply.slice(header[0].length), 'utf8').subarray(0, Number(header[1])).toString('utf8')
  const [versionLine = '', nodeLine = ''] = body.split('\n')
  const nodes = nodeLine
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((entry) => {
      const [host, ip, port] = entry.split('|')
      if (!port || !/^\d+$/.test(port)) throw new Error(`malformed node '${entry}' in cluster configuration`)
      return `${ip || host}:${port}`
    })
  if (nodes.length === 0) throw new Error('cluster configuration lists no nodes')
  return {nodes, version: Number(versionLine.trim())}
}

// Names under .localhost are loopback (RFC 6761), whatever the resolver says: lets a local
// stand-in play a `.cfg.` endpoint.
const lookup: LookupFunction = (hostname, options, callback) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [{address: '127.0.0.1', family: 4}])
    else callback(null, '127.0.0.1', 4)
    return
  }
  dnsLookup(hostname, options, callback as never)
}

/** Asks the configuration endpoint for the node list (one TCP round trip, bounded by a timeout). */
export function fetchClusterConfig(endpoint: string, timeoutMs = cacheConnectTimeoutMs()): Promise<ClusterConfig> {
  const colon = endpoint.lastIndexOf(':')
  const host = endpoint.slice(0, colon)
  const port = Number(endpoint.slice(colon + 1))
  return new Promise((resolve, reject) => {
    let reply = ''
    const socket = connect({host, lookup, port})
    const finish = (error?: Error, config?: ClusterConfig) => {
      socket.destroy()
      if (error) reject(error)
      else resolve(config!)
    }
    socket.setTimeout(timeoutMs, () => finish(new Error(`no answer from ${endpoint} within ${timeoutMs} ms`)))
    socket.setEncoding('utf8')
    socket.on('connect', () => socket.write('config get cluster\r\n'))
    socket.on('data', (chunk: string) => {
      reply += chunk
      if (reply.endsWith('END\r\n') || /^(ERROR|CLIENT_ERROR|SERVER_ERROR)[^\r\n]*\r\n/.test(reply)) {
        try {
          finish(undefined, parseClusterConfig(reply))
        } catch (error) {
          finish(error as Error)
        }
      }
    })
    socket.on('error', (error) => finish(error))
    socket.on('end', () => finish(new Error(`${endpoint} closed the connection before the cluster configuration ended`)))
  })
}

interface Cached {
  config: ClusterConfig
  fetchedAt: number
}
const cache = new Map<string, Cached>()

export interface Discovery {
  nodes: string[]
  /** Set when a refresh failed and the previous list is used. */
  staleBecause?: string
}

/** The endpoint's node list, refreshed when older than the discovery interval. */
export async function discoverNodes(endpoint: string, now = Date.now()): Promise<Discovery> {
  const cached = cache.get(endpoint)
  if (cached && now - cached.fetchedAt < memcachedDiscoveryMs()) return {nodes: cached.config.nodes}
  try {
    const config = await fetchClusterConfig(endpoint)
    cache.set(endpoint, {config, fetchedAt: now})
    return {nodes: config.nodes}
  } catch (error) {
    if (!cached) throw new Error(`auto-discovery on ${endpoint} failed: ${(error as Error).message}`)
    // Keep the last known nodes and ask again after another interval (not on every invocation:
    // an endpoint that does not answer would cost each one the connect timeout).
    cache.set(endpoint, {config: cached.config, fetchedAt: now})
    return {nodes: cached.config.nodes, staleBecause: (error as Error).message}
  }
}

export function forgetDiscovery(): void {
  cache.clear()
}
