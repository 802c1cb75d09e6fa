// Runs the packaged runtime (the built bundle, exactly what the deploy zip carries: index.mjs and
// the chunks it loads on first use) the way Lambda does, but on this machine: a snapshot of it (a
// rebuild meanwhile removes chunks a running function may still load) in a worker thread with its own environment (FANOUT_TABLE, endpoints,
// credentials), its log lines captured instead of mixed into the CLI's output, one invocation at a
// time per call with a context whose deadline is the function timeout.
import {Worker} from 'node:worker_threads'
import {createInterface} from 'node:readline'
import {pathToFileURL} from 'node:url'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {UserError} from '../errors.js'
import {copyBundle} from '../package/deploy-zip.js'

export interface HandlerResult {
  batchItemFailures?: Array<{itemIdentifier?: string}>
}

export type InvokeOutcome = {ok: true; value: HandlerResult | undefined} | {ok: false; error: string}

export interface HandlerHost {
  invoke(event: unknown, timeoutMs: number): Promise<InvokeOutcome>
  close(): Promise<void>
}

export interface HandlerHostOptions {
  bundlePath: string
  /** The function's environment (added to this process's). */
  env: Record<string, string | undefined>
  functionName: string
  /** Each line the function logs (stdout and stderr). */
  onLog?(line: string, stream: 'stdout' | 'stderr'): void
}

// Plain JavaScript evaluated in the worker: import the bundle, answer invoke messages.
const WORKER_CODE = `
const {parentPort, workerData} = require('node:worker_threads')
let count = 0
import(workerData.bundleUrl).then(({handler}) => {
  if (typeof handler !== 'function') throw new Error('the bundle exports no handler')
  parentPort.on('message', async ({id, event, timeoutMs}) => {
    const deadline = Date.now() + timeoutMs
    const context = {
      awsRequestId: 'local-' + (++count),
      callbackWaitsForEmptyEventLoop: true,
      functionName: workerData.functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:' + workerData.functionName,
      logGroupName: '/aws/lambda/' + workerData.functionName,
      logStreamName: 'local',
      memoryLimitInMB: '128',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    }
    try {
      parentPort.postMessage({id, ok: true, value: await handler(event, context)})
    } catch (error) {
      parentPort.postMessage({id, ok: false, error: String((error && error.stack) || error)})
    }
  })
  parentPort.postMessage({ready: true})
}).catch((error) => parentPort.postMessage({ready: false, error: String((error && error.stack) || error)}))
`

export async function startHandlerHost(options: HandlerHostOptions): Promise<HandlerHost> {
  const snapshot = await mkdtemp(join(tmpdir(), 'fanout-local-'))
  const removeSnapshot = () => rm(snapshot, {force: true, recursive: true})
  const entry = await copyBundle(snapshot, options.bundlePath).catch(async (error: unknown) => {
    await removeSnapshot()
    throw error
  })
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries({...process.env, ...options.env})) if (value !== undefined) env[key] = value
  const worker = new Worker(WORKER_CODE, {
    env,
    eval: true,
    stderr: true,
    stdout: true,
    workerData: {bundleUrl: pathToFileURL(entry).href, functionName: options.functionName},
  })
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({input: worker[stream]}).on('line', (line) => options.onLog?.(line, stream))
  }

  const pending = new Map<number, (outcome: InvokeOutcome) => void>()
  let exited: string | undefined
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: {ready?: boolean; error?: string; id?: number} & InvokeOutcome) => {
      if (message.ready === true) resolve()
      else if (message.ready === false) reject(new UserError(`The runtime bundle failed to load: ${message.error?.split('\n')[0]}`))
      else if (message.id !== undefined) {
        pending.get(message.id)?.(message.ok ? {ok: true, value: message.value} : {error: message.error, ok: false})
        pending.delete(message.id)
      }
    })
    worker.on('error', (error) => reject(error))
    worker.on('exit', (code) => {
      exited = `the function's worker exited (code ${code})`
      reject(new Error(exited))
      for (const settle of pending.values()) settle({error: exited, ok: false})
      pending.clear()
    })
  })
  await ready.catch(async (error: unknown) => {
    await removeSnapshot()
    throw error
  })

  let nextId = 0
  return {
    async close() {
      await worker.terminate()
      await removeSnapshot()
    },
    invoke(event, timeoutMs) {
      if (exited) return Promise.resolve({error: exited, ok: false})
      const id = ++nextId
      return new Promise((resolve) => {
        // Lambda stops an invocation at the function timeout; so does this host (plus a grace).
        const timer = setTimeout(() => {
          pending.delete(id)
          resolve({error: `Task timed out after ${(timeoutMs / 1000).toFixed(1)} seconds`, ok: false})
        }, timeoutMs + 1_000)
        pending.set(id, (outcome) => {
          clearTimeout(timer)
          resolve(outcome)
        })
        worker.postMessage({event, id, timeoutMs})
      })
    },
  }
}
