// A counting stand-in in front of kinesalite: forwards every request and, for each GetRecords
// call, notes when it arrived, which shard it read (iterators are followed from GetShardIterator
// and NextShardIterator) and how many bytes of record data it answered. Used to check that tail
// reads as politely as docs/tail-and-demo.md says (calls per second and bytes per 2 s per shard).
import {createServer, request, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'

export interface RecordedCall {
  shardId: string
  at: number
  bytes: number
  records: number
  limit?: number
}

export interface CountingProxy {
  endpoint: string
  calls: RecordedCall[]
  close(): Promise<void>
}

export async function startCountingProxy(upstream: string): Promise<CountingProxy> {
  const target = new URL(upstream)
  const shardOfIterator = new Map<string, string>()
  const calls: RecordedCall[] = []
  const server: Server = createServer((req, res) => {
    const at = Date.now()
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const action = String(req.headers['x-amz-target'] ?? '').split('.').pop()
      const forward = request(
        {headers: req.headers, host: target.hostname, method: req.method, path: req.url, port: target.port},
        (answer) => {
          const parts: Buffer[] = []
          answer.on('data', (chunk: Buffer) => parts.push(chunk))
          answer.on('end', () => {
            const text = Buffer.concat(parts)
            try {
              const asked = body.length ? JSON.parse(body.toString()) : {}
              const out = text.length ? JSON.parse(text.toString()) : {}
              if (action === 'GetShardIterator' && out.ShardIterator) shardOfIterator.set(out.ShardIterator, asked.ShardId)
              if (action === 'GetRecords' && answer.statusCode === 200) {
                const shardId = shardOfIterator.get(asked.ShardIterator) ?? 'unknown'
                if (out.NextShardIterator) shardOfIterator.set(out.NextShardIterator, shardId)
                const records = (out.Records ?? []) as Array<{Data: string}>
                const bytes = records.reduce((total, record) => total + Buffer.from(record.Data, 'base64').length, 0)
                calls.push({at, bytes, limit: asked.Limit, records: records.length, shardId})
              }
            } catch {
              // not JSON: passed through uncounted
            }
            res.writeHead(answer.statusCode ?? 500, answer.headers)
            res.end(text)
          })
        },
      )
      forward.on('error', () => {
        res.writeHead(502)
        res.end()
      })
      forward.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    endpoint: `http://127.0.0.1:${port}`,
  }
}

/** Per shard: the shortest gap between two calls, the most bytes answered to calls within any window. */
export function rates(calls: RecordedCall[], windowMs = 2000): Map<string, {calls: number; bytes: number; minGapMs: number; maxWindowBytes: number; maxAnswerBytes: number; seconds: number}> {
  const byShard = new Map<string, RecordedCall[]>()
  for (const call of calls) byShard.set(call.shardId, [...(byShard.get(call.shardId) ?? []), call])
  const out = new Map()
  for (const [shardId, list] of byShard) {
    list.sort((a, b) => a.at - b.at)
    let minGapMs = Infinity
    let maxWindowBytes = 0
    for (let i = 0; i < list.length; i++) {
      if (i > 0) minGapMs = Math.min(minGapMs, list[i].at - list[i - 1].at)
      let sum = 0
      for (let j = i; j < list.length && list[j].at < list[i].at + windowMs; j++) sum += list[j].bytes
      maxWindowBytes = Math.max(maxWindowBytes, sum)
    }
    out.set(shardId, {
      bytes: list.reduce((total, call) => total + call.bytes, 0),
      calls: list.length,
      maxAnswerBytes: Math.max(...list.map((call) => call.bytes)),
      maxWindowBytes,
      minGapMs,
      seconds: (list.at(-1)!.at - list[0].at) / 1000,
    })
  }
  return out
}
