// In-process npm emulators on free loopback ports: kinesalite (Kinesis) and dynalite (DynamoDB).
// They need nothing installed, so the tiers that use them always run.
import type {AddressInfo} from 'node:net'
import {createRequire} from 'node:module'

const require = createRequire(import.meta.url)

export interface Emulator {
  endpoint: string
  close(): Promise<void>
}

type Listenable = {listen(port: number, host: string, cb: () => void): void; close(cb: (err?: Error) => void): void; address(): AddressInfo}

async function start(server: Listenable): Promise<Emulator> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address()
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    endpoint: `http://127.0.0.1:${port}`,
  }
}

/** kinesalite with instant stream creation/deletion and a fast shard iterator. */
export function startKinesalite(options: Record<string, unknown> = {}): Promise<Emulator> {
  const kinesalite = require('kinesalite')
  return start(kinesalite({createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100, ...options}))
}

/** dynalite with instant table creation/deletion. */
export function startDynalite(options: Record<string, unknown> = {}): Promise<Emulator> {
  const dynalite = require('dynalite')
  return start(dynalite({createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...options}))
}

/** Credentials and region every emulator accepts; set before creating clients. */
export const TEST_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
}

export function useTestAwsEnv(): void {
  Object.assign(process.env, TEST_AWS_ENV)
  delete process.env.AWS_PROFILE
}
