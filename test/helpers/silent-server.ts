// An endpoint that accepts connections and never answers (the hang of issue 11): counts the HTTP
// requests it received, so a test can tell a call was not retried.
import {createServer, type Socket} from 'node:net'

export interface SilentServer {
  endpoint: string
  /** Request lines received (`POST / HTTP/1.1`), in order. */
  requests: string[]
  close(): Promise<void>
}

export async function startSilentServer(): Promise<SilentServer> {
  const requests: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    socket.on('data', (chunk) => {
      const line = chunk.toString('latin1').split('\r\n')[0]
      if (/^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(line)) requests.push(line)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
    endpoint: `http://127.0.0.1:${port}`,
    requests,
  }
}
