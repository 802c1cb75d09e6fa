// Runs the packaged runtime the way Lambda does: the zip written by `kinesis-fanout package`,
// unzipped to a temporary folder, its handler imported in a fresh child process.
import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {runCli, PROJECT_ROOT} from './cli.js'
import {TEST_AWS_ENV} from './emulators.js'
import {unzipEntries} from './unzip.js'

let bundlePath: Promise<string> | undefined

/** Packages once per test process through the CLI, unzips (index.mjs and its chunks), and returns the path of index.mjs. */
export function packagedBundle(): Promise<string> {
  bundlePath ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanout-zip-'))
    const zipPath = join(dir, 'fanout.zip')
    const result = await runCli(['package', '--output', zipPath])
    if (result.code !== 0) throw new Error(`package failed: ${result.stderr}`)
    const entries = unzipEntries(readFileSync(zipPath))
    const names = [...entries.keys()]
    if (!entries.has('index.mjs') || names.some((name) => name !== 'index.mjs' && !/^chunks\/[\w-]+\.mjs$/.test(name))) {
      throw new Error(`unexpected zip content: ${names.join(', ')}`)
    }
    const out = join(dir, 'function')
    for (const [name, bytes] of entries) {
      mkdirSync(dirname(join(out, name)), {recursive: true})
      writeFileSync(join(out, name), bytes)
    }
    return join(out, 'index.mjs')
  })()
  return bundlePath
}

export interface InvokeResult<R = unknown> {
  /** One per event: the handler's return value, or the error it threw. */
  results: Array<{ok: true; value: R} | {ok: false; error: string}>
  /** Everything the function logged (JSON lines, EMF lines), stdout only. */
  logs: string[]
  stderr: string
}

export interface InvokeOptions {
  env?: Record<string, string>
  /** Simulated remaining time per invocation. */
  timeoutMs?: number
  functionName?: string
  /** Pause between events of one process (to let caches expire). */
  pauseMs?: number
}

/** Invokes the packaged handler for each event in one fresh process (a warm container). */
export async function invokePackaged<R = unknown>(events: unknown[], options: InvokeOptions = {}): Promise<InvokeResult<R>> {
  const bundle = await packagedBundle()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'test/helpers/invoke-child.mjs'), bundle], {
      env: {
        PATH: process.env.PATH,
        ...TEST_AWS_ENV,
        AWS_LAMBDA_FUNCTION_NAME: options.functionName ?? 'fanout',
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const lines = stdout.split('\n').filter(Boolean)
      const results = lines.filter((l) => l.startsWith('__RESULT__ ')).map((l) => JSON.parse(l.slice(11)))
      if (results.length !== events.length) {
        reject(new Error(`handler process exited ${code} after ${results.length}/${events.length} events:\n${stderr}\n${stdout}`))
        return
      }
      resolve({logs: lines.filter((l) => !l.startsWith('__RESULT__ ')), results, stderr})
    })
    child.stdin.end(JSON.stringify({events, functionName: options.functionName, pauseMs: options.pauseMs, timeoutMs: options.timeoutMs}))
  })
}

/** The log lines that are JSON objects (structured logs and EMF metrics). */
export function jsonLogs(logs: string[]): Array<Record<string, unknown>> {
  return logs.flatMap((line) => {
    try {
      return [JSON.parse(line)]
    } catch {
      return []
    }
  })
}
