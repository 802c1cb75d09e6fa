import {targetOf} from '../context.js'
// How the redis target treats Redis error replies, against an in-process RESP stand-in whose SET
// answers are scripted per key: transient replies (LOADING, OOM, ...) are retried, setup errors
// (MOVED: a cluster-mode endpoint) fail the records back to Lambda, other errors skip the record.
import {strict as assert} from 'node:assert'
import {createServer, type Server, type Socket} from 'node:net'
import {createRedisDriver} from '../../../runtime/targets/redis.js'
import {closeRedisConnections} from '../../../runtime/targets/cache/redis-connection.js'
import {deliveryContext, mapping, outRecords} from './fixtures.js'

const createRedisTarget = targetOf(createRedisDriver)

type SetReply = (key: string, attempt: number) => string | undefined

/** Parses RESP command arrays out of `buffer`; returns the commands and what is left over. */
function parseCommands(buffer: Buffer): {commands: string[][]; rest: Buffer} {
  const commands: string[][] = []
  let offset = 0
  outer: while (offset < buffer.length) {
    let at = offset
    const line = () => {
      const end = buffer.indexOf('\r\n', at)
      if (end < 0) return undefined
      const text = buffer.subarray(at, end).toString()
      at = end + 2
      return text
    }
    const header = line()
    if (header === undefined || !header.startsWith('*')) break
    const args: string[] = []
    for (let i = 0; i < Number(header.slice(1)); i++) {
      const size = line()
      if (size === undefined) break outer
      const length = Number(size.slice(1))
      if (at + length + 2 > buffer.length) break outer
      args.push(buffer.subarray(at, at + length).toString())
      at += length + 2
    }
    commands.push(args)
    offset = at
  }
  return {commands, rest: buffer.subarray(offset)}
}

async function startRespStandin(reply: SetReply): Promise<{server: Server; address: string; sets: string[]; sockets: Set<Socket>}> {
  const sets: string[] = []
  const attempts = new Map<string, number>()
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    let pending: Buffer = Buffer.alloc(0)
    socket.on('data', (chunk) => {
      const {commands, rest} = parseCommands(Buffer.concat([pending, chunk]))
      pending = rest
      for (const [name, key] of commands) {
        const command = name.toUpperCase()
        if (command === 'INFO') {
          const info = '# Server\r\nredis_version:7.0.0\r\nloading:0\r\n'
          socket.write(`$${info.length}\r\n${info}\r\n`)
        } else if (command === 'SET') {
          const attempt = (attempts.get(key) ?? 0) + 1
          attempts.set(key, attempt)
          const error = reply(key, attempt)
          if (error === undefined) sets.push(key)
          socket.write(error === undefined ? '+OK\r\n' : `-${error}\r\n`)
        } else socket.write('+OK\r\n')
      }
    })
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {address: `127.0.0.1:${(server.address() as {port: number}).port}`, server, sets, sockets}
}

describe('redis target: error replies (RESP stand-in)', () => {
  let standin: Awaited<ReturnType<typeof startRespStandin>>
  afterEach(async () => {
    closeRedisConnections()
    for (const socket of standin?.sockets ?? []) socket.destroy()
    await new Promise<void>((resolve) => standin?.server.close(() => resolve()))
  })

  it('retries transient replies, skips refused records with the reply, and sends the rest once', async () => {
    standin = await startRespStandin((key, attempt) => {
      if (key === 'loading' && attempt === 1) return 'LOADING Redis is loading the dataset in memory'
      if (key === 'oom' && attempt <= 2) return 'OOM command not allowed when used memory > maxmemory'
      if (key === 'refused') return 'ERR value is not acceptable'
      return undefined
    })
    const m = mapping({destination: standin.address, type: 'redis'})
    const records = outRecords(['a', 'loading', 'refused', 'oom', 'b'].map((key) => ({data: key, key})))
    const report = await createRedisTarget(m).deliver(records, deliveryContext(m))
    assert.deepEqual({delivered: report.delivered, failed: report.failed.length, retried: report.retried}, {delivered: 4, failed: 0, retried: 3})
    assert.deepEqual(report.skipped.map((s) => [s.record.key, s.reason]), [['refused', 'redis refused SET: ERR value is not acceptable']])
    assert.deepEqual(standin.sets.sort(), ['a', 'b', 'loading', 'oom'])
  })

  it('fails the records back to Lambda (never skips them) when the endpoint answers MOVED', async () => {
    standin = await startRespStandin(() => 'MOVED 3999 10.0.0.7:6379')
    const m = mapping({destination: standin.address, type: 'redis'})
    const context = deliveryContext(m)
    const started = Date.now()
    const report = await createRedisTarget(m).deliver(outRecords([{data: 'x', key: 'k1'}, {data: 'y', key: 'k2'}]), context)
    assert.deepEqual({delivered: report.delivered, failed: report.failed.length, skipped: report.skipped.length}, {delivered: 0, failed: 2, skipped: 0})
    assert.ok(Date.now() - started < 5_000, 'a few quick attempts, not the whole invocation')
    const line = context.log.lines.find((l) => l.level === 'error')
    assert.match(String(line?.error), /MOVED/)
  })
})
