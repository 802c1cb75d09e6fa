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

const LOOPBACK_GUARD = new URL('./loopback-guard.mjs', import.meta.url).href

/** NODE_OPTIONS that load the loopback guard (test/helpers/loopback-guard.mjs) into a Node child. */
export function guardedNodeOptions(existing = process.env.NODE_OPTIONS): string {
  const flag = `--import=${LOOPBACK_GUARD}`
  return existing?.includes(flag) ? existing : [existing, flag].filter(Boolean).join(' ')
}

/**
 * The environment of every test and of every child a test starts: credentials and a region every
 * emulator accepts, a catch-all AWS_ENDPOINT_URL on loopback (test/setup.mjs starts it; a call no
 * test pointed at an emulator is refused there instead of going to AWS; without the setup, a closed
 * loopback port) and the loopback guard in every Node child (NODE_OPTIONS). A test overrides
 * per-service endpoints with AWS_ENDPOINT_URL_<SERVICE> or a client's endpoint.
 */
export const TEST_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  // Without credentials the SDK's chain would ask the EC2 instance metadata service (169.254.169.254).
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ENDPOINT_URL: process.env.FANOUT_TEST_AWS_STANDIN ?? 'http://127.0.0.1:9',
  AWS_REGION: 'us-east-1',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
  // The SDK's Node-version notice is noise in a child's output on Node 20, which the project supports.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  FANOUT_LOOPBACK_GUARD_CHILD: '1',
  ...(process.env.FANOUT_LOOPBACK_GUARD_LOG ? {FANOUT_LOOPBACK_GUARD_LOG: process.env.FANOUT_LOOPBACK_GUARD_LOG} : {}),
  NODE_OPTIONS: guardedNodeOptions(),
}

export function useTestAwsEnv(): void {
  const {FANOUT_LOOPBACK_GUARD_CHILD: _child, ...env} = TEST_AWS_ENV
  Object.assign(process.env, env)
  delete process.env.AWS_PROFILE
}
