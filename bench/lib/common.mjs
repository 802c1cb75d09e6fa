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

/** Starts bench/lib/endpoint.mjs in its own process (it ends with ours); resolves with its URL and helpers. */
export function startEndpoint() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}bench/lib/endpoint.mjs`], {stdio: ['pipe', 'pipe', 'inherit']})
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

/** The median of the run-by-run CPU ratios of two measureInterleaved samples (resists load drift). */
export const pairedRatio = (a, b) => median(a.cpu.map((cpu, i) => cpu / b.cpu[i]))

/**
 * Runs each function `runs` times after `warmup` runs, interleaved (a, b, a, b, ...) so that load
 * from other processes on the machine hits them alike; each round starts one function later
 * (a b c, b c a, c a b, ...) so that none always follows the same one (and pays for its garbage).
 * Per function the CPU (user + system) and wall ms of every run and their medians.
 * pairedCpuRatio: fns[0] against fns[1] (pairedRatio).
 */
export async function measureInterleaved(fns, {runs, warmup}) {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn()
  const samples = fns.map(() => ({cpu: [], wall: []}))
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < fns.length; k++) {
      const n = (i + k) % fns.length
      const {cpu, wall} = await once(fns[n])
      samples[n].cpu.push(cpu)
      samples[n].wall.push(wall)
    }
  }
  const pairedCpuRatio = fns.length > 1 ? pairedRatio(samples[0], samples[1]) : undefined
  return samples.map((s) => ({...s, cpuMs: median(s.cpu), pairedCpuRatio, wallMs: median(s.wall)}))
}

/**
 * One target type, side by side: `variants` (name -> async run of one batch; the function's
 * variants and the bare SDK baselines), measured interleaved; `ratios` (variant -> baseline names)
 * says which paired CPU ratios to report; `calls(run)` counts the calls one run makes. Each variant:
 * cpuMsPerBatch (median), recordsPerSecond (from the median wall time), callsPerRecord, and for
 * those named in `ratios` pairedCpuRatio {baseline: median of run-by-run ratios}.
 */
export async function compareVariants({variants, ratios, calls, records, runs, warmup}) {
  const names = Object.keys(variants)
  const callsOf = {}
  // Counted on a warm run: connections and the mapping configuration are already there.
  for (const name of names) await variants[name]()
  for (const name of names) callsOf[name] = await calls(variants[name])
  const measured = await measureInterleaved(names.map((name) => variants[name]), {runs, warmup})
  const byName = Object.fromEntries(names.map((name, n) => [name, measured[n]]))
  return Object.fromEntries(
    names.map((name) => {
      const m = byName[name]
      const entry = {callsPerRecord: round(callsOf[name] / records, 4), cpuMsPerBatch: round(m.cpuMs), recordsPerSecond: Math.round(records / (m.wallMs / 1000))}
      if (ratios[name]) entry.pairedCpuRatio = Object.fromEntries(ratios[name].map((base) => [base, round(pairedRatio(m, byName[base]), 2)]))
      return [name, entry]
    }),
  )
}

/** Sends the items `concurrency` at a time (the delivery loop keeps 8 batches in flight). */
export async function pool(items, concurrency, fn) {
  let next = 0
  await Promise.all(Array.from({length: Math.min(concurrency, items.length)}, async () => {
    while (next < items.length) await fn(items[next++])
  }))
}

export const chunks = (items, size) => Array.from({length: Math.ceil(items.length / size)}, (_, n) => items.slice(n * size, (n + 1) * size))

/** Items packed in order into groups of at most maxEntries and maxBytes (sizeOf each). */
export function packBySize(items, sizeOf, {maxBytes, maxEntries = Infinity}) {
  const groups = []
  let current = []
  let bytes = 0
  for (const item of items) {
    const size = sizeOf(item)
    if (current.length && (current.length >= maxEntries || bytes + size > maxBytes)) {
      groups.push(current)
      current = []
      bytes = 0
    }
    current.push(item)
    bytes += size
  }
  if (current.length) groups.push(current)
  return groups
}

/** Runs fn with stdout silenced (the function's log and metric lines). */
export async function quietly(fn) {
  const write = process.stdout.write
  process.stdout.write = () => true
  try {
    return await fn()
  } finally {
    process.stdout.write = write
  }
}

/** fn run with the given environment variables set (the function reads some per invocation). */
export function withEnv(vars, fn) {
  return async () => {
    const before = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]))
    Object.assign(process.env, vars)
    try {
      return await fn()
    } finally {
      for (const [key, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    }
  }
}

/** The packaged handler's invocation of `event`; throws when a record was not delivered. */
export const invokeOf = (handler, event, label) => async () => {
  const out = await handler(event, {getRemainingTimeInMillis: () => 300_000})
  if (out.batchItemFailures.length) throw new Error(`${label}: records not delivered`)
}

/**
 * Runs a case file again as `node [nodeArgs] file --child` (its environment and heap apart from
 * the others); resolves with what the child printed on its `__BENCH__ ` line, rejects with the
 * message of its `__BENCH_ERROR__ ` line (childMain) or its exit code.
 */
export function runChild(file, name, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, file, '--child'], {cwd: ROOT, env: {...process.env}, stdio: ['ignore', 'pipe', 'inherit']})
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const lines = out.split('\n')
      const line = lines.find((l) => l.startsWith('__BENCH__ '))
      const failure = lines.find((l) => l.startsWith('__BENCH_ERROR__ '))
      if (code !== 0 || !line) reject(new Error(failure ? `${name}: ${failure.slice(16)}` : `${name} benchmark exited ${code}`))
      else resolve(JSON.parse(line.slice(10)))
    })
  })
}

/** A case's child process: prints fn's result as the `__BENCH__ ` line, or a short error line. */
export async function childMain(fn) {
  const write = process.stdout.write.bind(process.stdout)
  try {
    const result = await fn()
    write(`__BENCH__ ${JSON.stringify(result)}\n`)
    process.exit(0)
  } catch (error) {
    // The message only: an SDK error's metadata can hold whole request bodies.
    write(`__BENCH_ERROR__ ${String(error?.message ?? error).split('\n')[0].slice(0, 500)}\n`)
    process.exit(1)
  }
}
