// One warm container of the packaged handler (the unzipped bundle in a child process) that handles
// events one at a time, so a test can play Lambda's loop: the next event depends on the last result.
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {PROJECT_ROOT} from './cli.js'
import {TEST_AWS_ENV} from './emulators.js'
import {packagedBundle} from './zip-handler.js'

export interface WarmContainer {
  invoke<R = unknown>(event: unknown): Promise<{result: {ok: true; value: R} | {ok: false; error: string}; logs: string[]}>
  close(): Promise<void>
}

export async function startWarmContainer(options: {env?: Record<string, string>; timeoutMs?: number; functionName?: string} = {}): Promise<WarmContainer> {
  const bundle = await packagedBundle()
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'test/helpers/warm-child.mjs'), bundle, String(options.timeoutMs ?? 30_000), options.functionName ?? 'fanout'],
    {env: {PATH: process.env.PATH, ...TEST_AWS_ENV, AWS_LAMBDA_FUNCTION_NAME: options.functionName ?? 'fanout', ...options.env}, stdio: ['pipe', 'pipe', 'pipe']},
  )
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const lines = createInterface({input: child.stdout})
  let logs: string[] = []
  let waiting: ((line: string) => void) | undefined
  lines.on('line', (line) => {
    if (line.startsWith('__RESULT__ ')) waiting?.(line.slice(11))
    else logs.push(line)
  })
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()))
  return {
    async close() {
      child.stdin.end()
      await exited
    },
    invoke(event) {
      return new Promise((resolve, reject) => {
        const onExit = () => reject(new Error(`warm container exited:\n${stderr}`))
        child.once('close', onExit)
        waiting = (text) => {
          child.off('close', onExit)
          const result = JSON.parse(text)
          const out = logs
          logs = []
          resolve({logs: out, result})
        }
        child.stdin.write(JSON.stringify(event) + '\n')
      })
    },
  }
}
