// Shared pieces of the runtime benchmark: the local endpoint process, events, statistics.
import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BUNDLE = `${ROOT}dist/bundle/index.mjs`
export const ACCOUNT = '123456789012'

export const AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_REGION: 'us-east-1',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
}

/** Starts bench/lib/endpoint.mjs in its own process; resolves with its URL and helpers. */
export function startEndpoint() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}bench/lib/endpoint.mjs`], {stdio: ['ignore', 'pipe', 'inherit']})
    child.on('error', reject)
    child.stdout.once('data', (chunk) => {
      const url = `http://127.0.0.1:${String(chunk).trim()}`
      resolve({
        close: () => child.kill(),
        setMappings: (rows) => fetch(`${url}/mappings`, {body: JSON.stringify(rows), method: 'POST'}),
        stats: async () => (await fetch(`${url}/stats`)).json(),
        reset: () => fetch(`${url}/reset`, {method: 'POST'}),
        url,
      })
    })
  })
}

export const streamArn = (name) => `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${name}`

/** A Kinesis event of `count` JSON records of `bytes` bytes each, as Lambda delivers it. */
export function kinesisEvent(sourceArn, count, bytes) {
  const Records = []
  for (let n = 0; n < count; n++) {
    const head = JSON.stringify({n, pad: ''})
    const data = Buffer.from(JSON.stringify({n, pad: 'x'.repeat(Math.max(0, bytes - head.length))}))
    const sequenceNumber = `4959${String(n).padStart(52, '0')}`
    Records.push({
      awsRegion: 'us-east-1',
      eventID: `shardId-000000000000:${sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      eventSource: 'aws:kinesis',
      eventSourceARN: sourceArn,
      eventVersion: '1.0',
      kinesis: {approximateArrivalTimestamp: 1_700_000_000, data: data.toString('base64'), kinesisSchemaVersion: '1.0', partitionKey: `pk-${n}`, sequenceNumber},
    })
  }
  return {Records}
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits

async function once(fn) {
  const c0 = process.cpuUsage()
  const w0 = performance.now()
  await fn()
  const used = process.cpuUsage(c0)
  return {cpu: (used.user + used.system) / 1000, wall: performance.now() - w0}
}

/**
 * Runs each function `runs` times after `warmup` runs, interleaved (a, b, a, b, ...) so that load
 * from other processes on the machine hits them alike; the median CPU (user + system) and wall ms.
 */
export async function measureInterleaved(fns, {runs, warmup}) {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn()
  const samples = fns.map(() => ({cpu: [], wall: []}))
  for (let i = 0; i < runs; i++) {
    for (const [n, fn] of fns.entries()) {
      const {cpu, wall} = await once(fn)
      samples[n].cpu.push(cpu)
      samples[n].wall.push(wall)
    }
  }
  // Paired ratios (each run of fns[0] against the run of fns[1] right after it) resist load drift.
  const pairedCpuRatio = fns.length > 1 ? median(samples[0].cpu.map((cpu, i) => cpu / samples[1].cpu[i])) : undefined
  return samples.map((s) => ({cpuMs: median(s.cpu), pairedCpuRatio, wallMs: median(s.wall)}))
}

/**
 * Runs a case file again as `node [nodeArgs] file --child` (its environment and heap apart from
 * the others); resolves with what the child printed on its `__BENCH__ ` line.
 */
export function runChild(file, name, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, file, '--child'], {cwd: ROOT, env: {...process.env}, stdio: ['ignore', 'pipe', 'inherit']})
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('__BENCH__ '))
      if (code !== 0 || !line) reject(new Error(`${name} benchmark exited ${code}`))
      else resolve(JSON.parse(line.slice(10)))
    })
  })
}
