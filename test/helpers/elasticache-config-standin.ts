// A stand-in for an ElastiCache Memcached configuration endpoint: answers `config get cluster`
// over the text protocol exactly as ElastiCache does,
//   CONFIG cluster 0 <length>\r\n<version>\n<host|ip|port> ...\n\r\nEND\r\n
// with a node list the test can change (the version goes up on each change).
import {createServer, type Socket} from 'node:net'

export interface ConfigEndpoint {
  port: number
  setNodes(nodes: string[]): void
  /** Called after each answered `config get cluster` with the count so far. */
  onRequest(listener: (count: number) => void): void
  requests(): number
  close(): Promise<void>
}

export function clusterConfigReply(version: number, nodes: string[]): string {
  const entries = nodes.map((node) => {
    const [ip, port] = node.split(':')
    return `node-${port}.abc123.0001.use1.cache.amazonaws.com|${ip}|${port}`
  })
  const body = `${version}\n${entries.join(' ')}\n`
  return `CONFIG cluster 0 ${Buffer.byteLength(body)}\r\n${body}\r\nEND\r\n`
}

export async function startConfigEndpoint(initialNodes: string[]): Promise<ConfigEndpoint> {
  let nodes = initialNodes
  let version = 1
  let count = 0
  let listener: (count: number) => void = () => {}
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    let buffered = ''
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1')
      let end: number
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end)
        buffered = buffered.slice(end + 2)
        if (line === 'config get cluster') {
          socket.write(clusterConfigReply(version, nodes))
          listener(++count)
        } else socket.write('ERROR\r\n')
      }
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
    onRequest: (l) => (listener = l),
    port: (server.address() as {port: number}).port,
    requests: () => count,
    setNodes(next) {
      nodes = next
      version++
    },
  }
}
