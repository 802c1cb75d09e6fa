// Private servers on free loopback ports, for tests that need more than the shared ones: a second
// memcached (a cluster whose node list changes) and a Redis that requires a password (AUTH).
import {spawn, type ChildProcess} from 'node:child_process'
import {createServer, Socket} from 'node:net'

export interface LocalServer {
  address: string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    socket.once('error', () => resolve(false))
    socket.connect(port, '127.0.0.1', () => {
      socket.destroy()
      resolve(true)
    })
  })
}

export async function startMemcached(binary = process.env.MEMCACHED_BIN ?? 'memcached'): Promise<LocalServer> {
  const port = await freePort()
  const args = ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '16']
  if (process.getuid?.() === 0) args.push('-u', 'root')
  return startServer(binary, args, port)
}

/** redis-server without persistence, requiring `password` when given. */
export async function startRedis(password?: string, binary = process.env.REDIS_SERVER_BIN ?? 'redis-server'): Promise<LocalServer> {
  const port = await freePort()
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no']
  if (password) args.push('--requirepass', password)
  return startServer(binary, args, port)
}

async function startServer(binary: string, args: string[], port: number): Promise<LocalServer> {
  const child: ChildProcess = spawn(binary, args, {stdio: 'ignore'})
  const failed = new Promise<never>((_, reject) => child.once('error', reject))
  for (let i = 0; i < 50; i++) {
    if (await Promise.race([answers(port), failed])) {
      return {
        address: `127.0.0.1:${port}`,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve()
            child.once('exit', () => resolve())
            child.kill()
          }),
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill()
  throw new Error(`${binary} did not start on port ${port}`)
}
