// A loopback TCP fault proxy in front of a real server (Redis, memcached): healthy (bytes pass both
// ways), refuse (no listener: connection refused), reset (a connection that sends a byte is reset,
// RST) or hang (accepted, what is sent is swallowed, nothing ever comes back). The mode applies to
// every chunk as it arrives, so a warm connection opened while healthy hangs or resets too. A
// connection that had bytes swallowed is closed when the hang ends (its replies would no longer
// match its commands), as a stalled connection eventually is.
// `written` counts the record identities (`"seq":N` in the values, see faultRecord()) that reached
// the server, so a test can count writes sent more than once; the server itself is read back to
// count what was lost.
import {createConnection, createServer, type AddressInfo, type Server, type Socket} from 'node:net'
import {seqsOf} from './fault-standin.js'

export type ProxyMode = 'healthy' | 'refuse' | 'reset' | 'hang'

export interface FaultProxy {
  /** host:port of the proxy. */
  address: string
  port: number
  mode: ProxyMode
  /** Times each record identity was forwarded to the server. */
  written: Map<number, number>
  connections: number
  /** When the last bytes came from a client (epoch ms; 0: never). */
  lastDataAt: number
  set(mode: ProxyMode): Promise<void>
  heal(): Promise<void>
  close(): Promise<void>
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const [upHost, upPort] = [upstream.slice(0, upstream.lastIndexOf(':')), Number(upstream.slice(upstream.lastIndexOf(':') + 1))]
  const sockets = new Set<Socket>()
  /** Client connections that had bytes swallowed while hanging. */
  const stalled = new Set<Socket>()
  const written = new Map<number, number>()
  let mode: ProxyMode = 'healthy'
  let connections = 0
  let lastDataAt = 0
  // A seq split across two chunks is counted from the carried-over tail.
  const server: Server = createServer((client) => {
    connections++
    sockets.add(client)
    const server = createConnection({host: upHost, port: upPort})
    sockets.add(server)
    let tail = ''
    client.on('data', (chunk: Buffer) => {
      lastDataAt = Date.now()
      if (mode === 'reset') return client.resetAndDestroy()
      if (mode === 'hang') {
        stalled.add(client)
        return
      }
      const text = tail + chunk.toString('latin1')
      const cut = Math.max(0, text.length - 24)
      for (const seq of seqsOf(text.slice(0, cut))) written.set(seq, (written.get(seq) ?? 0) + 1)
      tail = text.slice(cut)
      server.write(chunk)
    })
    server.on('data', (chunk: Buffer) => {
      if (mode === 'healthy') client.write(chunk)
    })
    const flushTail = () => {
      for (const seq of seqsOf(tail)) written.set(seq, (written.get(seq) ?? 0) + 1)
      tail = ''
    }
    const end = () => {
      flushTail()
      client.destroy()
      server.destroy()
    }
    client.on('close', end)
    server.on('close', end)
    client.on('error', end)
    server.on('error', end)
    client.on('close', () => {
      sockets.delete(client)
      stalled.delete(client)
    })
    server.on('close', () => sockets.delete(server))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  let listening = true

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve()
      listening = false
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })
  const start = () =>
    listening
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          server.once('error', reject)
          server.listen(port, '127.0.0.1', () => {
            server.off('error', reject)
            listening = true
            resolve()
          })
        })

  const proxy: FaultProxy = {
    address: `127.0.0.1:${port}`,
    close: stop,
    get connections() {
      return connections
    },
    heal: () => proxy.set('healthy'),
    get lastDataAt() {
      return lastDataAt
    },
    get mode() {
      return mode
    },
    port,
    async set(next) {
      mode = next
      if (next !== 'hang') for (const socket of stalled) socket.destroy()
      if (next === 'refuse') await stop()
      else await start()
    },
    written,
  }
  return proxy
}
