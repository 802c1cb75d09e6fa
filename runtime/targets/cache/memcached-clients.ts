// memjs clients, one per destination, kept across invocations and rebuilt when the node list
// changes (auto-discovery). Keys are placed on nodes as the Bash-era function placed them: the
// first byte of the key's MD5 picks one of n equal ranges, nodes in the order listed.
import {createHash} from 'node:crypto'
import memjs from 'memjs'
import {cacheCommandTimeoutMs, cacheConnectTimeoutMs} from './settings.js'

type MemjsClient = memjs.Client

interface Entry {
  nodesKey: string
  client: MemjsClient
}
const clients = new Map<string, Entry>()

/** Index of the node (of `count`) that holds `key`. */
export function nodeIndexForKey(key: string, count: number): number {
  if (count <= 1) return 0
  const first = createHash('md5').update(key).digest()[0]
  for (let j = 1; j < count; j++) if (Math.floor((256 / count) * j) > first) return j - 1
  return count - 1
}

const silent = {log: () => {}}

function build(nodes: string[]): MemjsClient {
  const client = memjs.Client.create(nodes.join(','), {
    conntimeout: cacheConnectTimeoutMs() / 1000,
    keepAlive: true,
    logger: silent,
    // One attempt per set: the target retries what failed itself.
    retries: 1,
    timeout: cacheCommandTimeoutMs() / 1000,
  } as memjs.ClientOptions)
  // memjs indexes Client#servers with what getServer returns (its typings say string).
  ;(client as unknown as {getServer: (key: string) => number}).getServer = (key) => nodeIndexForKey(key, nodes.length)
  return client
}

/** The client for these nodes; a changed node list closes the old client and builds a new one. */
export function memcachedClient(destination: string, nodes: string[]): MemjsClient {
  const nodesKey = nodes.join(',')
  const entry = clients.get(destination)
  if (entry?.nodesKey === nodesKey) return entry.client
  entry?.client.close()
  const client = build(nodes)
  clients.set(destination, {client, nodesKey})
  return client
}

export function closeMemcachedClients(): void {
  for (const {client} of clients.values()) client.close()
  clients.clear()
}
