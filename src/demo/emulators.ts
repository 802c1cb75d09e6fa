// The demo's embedded AWS: kinesalite (Kinesis) and dynalite (DynamoDB), runtime dependencies of
// the package, started in this process on free loopback ports and closed when the demo ends.
import {createRequire} from 'node:module'
import type {AddressInfo} from 'node:net'

const require = createRequire(import.meta.url)

export interface EmbeddedServer {
  endpoint: string
  close(): Promise<void>
}

interface Listenable {
  listen(port: number, host: string, callback: () => void): void
  close(callback: (error?: Error) => void): void
  address(): AddressInfo | string | null
  once(event: 'error', listener: (error: Error) => void): void
  closeAllConnections?(): void
}

async function listen(server: Listenable): Promise<EmbeddedServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const {port} = server.address() as AddressInfo
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive connections of the SDK clients would hold close() open.
        server.closeAllConnections?.()
      }),
    endpoint: `http://127.0.0.1:${port}`,
  }
}

/** kinesalite with instant stream changes (the real service takes seconds). */
export function startKinesalite(): Promise<EmbeddedServer> {
  const kinesalite = require('kinesalite') as (options: Record<string, unknown>) => Listenable
  return listen(kinesalite({createStreamMs: 0, deleteStreamMs: 0, shardLimit: 50, updateStreamMs: 0}))
}

export function startDynalite(): Promise<EmbeddedServer> {
  const dynalite = require('dynalite') as (options: Record<string, unknown>) => Listenable
  return listen(dynalite({createTableMs: 0, deleteTableMs: 0, updateTableMs: 0}))
}
