// Lambda's side of the fault suite: the packaged zip's handler in a child process (a container),
// killed when an invocation reaches its deadline (counted as an overrun; Lambda then retries the
// same batch in a fresh container), and the retry-from-checkpoint loop of one Kinesis shard: the
// batch again from the sequence number named in batchItemFailures until it names none.
import assert from 'node:assert/strict'
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {PROJECT_ROOT} from '../../helpers/cli.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {kinesisEvent, type KinesisInput} from '../../helpers/events.js'
import {packagedBundle} from '../../helpers/zip-handler.js'

export interface BatchResult {
  batchItemFailures: Array<{itemIdentifier: string}>
}

export interface Invocation {
  /** The handler's answer; undefined when it threw or was killed at the deadline. */
  value?: BatchResult
  error?: string
  /** Killed at the deadline, or answered after it. */
  overrun: boolean
  /** The handler's own time (the deadline when killed). */
  handlerMs: number
  /** When the parent saw the answer, or killed the container (epoch ms). */
  endedAt: number
  /** The container's first invocation (a cold start). */
  cold: boolean
  logs: string[]
}

const CHILD = join(PROJECT_ROOT, 'test/runtime/faults/lambda-child.mjs')

class Container {
  private waiting?: (line: string) => void
  /** Control lines (__READY__, __START__, __RESULT__, __EXIT__) not yet taken. */
  private queue: string[] = []
  private logs: string[] = []
  private stderr = ''
  private exited: Promise<void>
  private dead = false
  private invocations = 0
  /** We ended the process (kill at the deadline, close): any other exit is a crash. */
  private ending = false

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', (chunk) => (this.stderr += chunk))
    createInterface({crlfDelay: Infinity, input: child.stdout}).on('line', (line) => {
      if (line.startsWith('__')) this.push(line)
      else this.logs.push(line)
    })
    this.exited = new Promise((resolve) =>
      child.on('close', () => {
        this.dead = true
        this.push('__EXIT__')
        resolve()
      }),
    )
  }

  static async start(env: Record<string, string>, timeoutMs: number): Promise<Container> {
    const bundle = await packagedBundle()
    const child = spawn(process.execPath, [CHILD, bundle, String(timeoutMs), 'fanout'], {
      env: {PATH: process.env.PATH, ...TEST_AWS_ENV, AWS_LAMBDA_FUNCTION_NAME: 'fanout', ...env},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const container = new Container(child)
    const ready = await container.next()
    if (ready !== '__READY__') throw new Error(`container did not start:\n${container.stderr}`)
    return container
  }

  private push(line: string): void {
    if (this.waiting) this.waiting(line)
    else this.queue.push(line)
  }

  private next(): Promise<string> {
    return new Promise((resolve) => {
      const queued = this.queue.shift()
      if (queued !== undefined) return resolve(queued)
      if (this.dead) return resolve('__EXIT__')
      this.waiting = (line) => {
        this.waiting = undefined
        resolve(line)
      }
    })
  }

  get alive(): boolean {
    return !this.dead
  }

  /** Why the process exited on its own (an uncaught error), if it did. */
  get crash(): string | undefined {
    if (!this.dead || this.ending) return undefined
    const lines = this.stderr.split('\n').filter((line) => line.trim() && !/NodeVersionSupportWarning|AWS SDK for JavaScript|node >=22|a\.co\/|trace-warnings|security updates|versions published|^\s*$/.test(line))
    return lines.find((line) => /Error|error/.test(line))?.trim() ?? lines.slice(0, 2).join(' ').trim() ?? 'exited'
  }

  async invoke(event: unknown, timeoutMs: number): Promise<Invocation> {
    const cold = this.invocations++ === 0
    this.logs = []
    const started = this.next()
    this.child.stdin.write(JSON.stringify(event) + '\n')
    const start = await started
    if (start !== '__START__') throw new Error(`container exited before the invocation:\n${this.stderr}`)
    const begun = Date.now()
    const answer = this.next()
    let killed = false
    const timer = setTimeout(() => {
      killed = true
      this.ending = true
      this.child.kill('SIGKILL')
    }, timeoutMs)
    const line = await answer
    clearTimeout(timer)
    const logs = this.logs
    if (killed || !line.startsWith('__RESULT__ ')) {
      await this.exited
      return {cold, endedAt: Date.now(), error: killed ? 'killed at the deadline' : `container exited:\n${this.stderr}`, handlerMs: Date.now() - begun, logs, overrun: killed}
    }
    const result = JSON.parse(line.slice(11)) as {ok: boolean; value?: BatchResult; error?: string; handlerMs: number}
    return {cold, endedAt: Date.now(), error: result.error, handlerMs: result.handlerMs, logs, overrun: result.handlerMs > timeoutMs, value: result.ok ? result.value : undefined}
  }

  async close(): Promise<void> {
    if (this.dead) return
    this.ending = true
    this.child.stdin.end()
    await this.exited
  }
}

/**
 * Invocations of one function: a warm container reused while it lives, or a fresh one per call. A
 * container that exits on its own (an uncaught error, even after its handler answered) is a crash:
 * counted in `crashes`, and the invocation goes to a fresh container, as Lambda would.
 */
export class LambdaFunction {
  private container?: Container
  readonly crashes: string[] = []
  constructor(private readonly options: {env: Record<string, string>; timeoutMs: number; warm: boolean}) {}

  get timeoutMs(): number {
    return this.options.timeoutMs
  }

  private noteCrash(): void {
    const crash = this.container?.crash
    if (crash) this.crashes.push(crash)
  }

  async invoke(event: unknown): Promise<Invocation> {
    for (let attempt = 0; ; attempt++) {
      if (!this.options.warm || !this.container?.alive) {
        this.noteCrash()
        await this.container?.close()
        this.container = await Container.start(this.options.env, this.options.timeoutMs)
      }
      try {
        const out = await this.container.invoke(event, this.options.timeoutMs)
        if (!this.container.alive) this.noteCrash()
        if (!this.container.alive) this.container = undefined
        return out
      } catch (error) {
        // The container died between invocations (after its last answer): a fresh one takes the event.
        if (this.container?.alive || attempt > 0) throw error
      }
    }
  }

  async close(): Promise<void> {
    // Give an error thrown after the last answer a moment to end the process.
    await new Promise((resolve) => setTimeout(resolve, 50))
    if (this.container && !this.container.alive) this.noteCrash()
    await this.container?.close()
    this.container = undefined
  }
}

export interface ShardRun {
  invocations: number
  overruns: number
  maxHandlerMs: number
  /** Index of the first record of each retried batch. */
  checkpoints: number[]
  /** batchItemFailures of each invocation (undefined: threw or overran). */
  results: Array<BatchResult | undefined>
  /** The index Lambda would retry from after the last invocation (inputs.length when done). */
  from: number
  invocationsLogs: string[][]
}

/**
 * Lambda's loop over one shard: the records from the checkpoint on, again and again, until the
 * handler names no failure. An overrun or a thrown error retries the same batch. `before(n)` runs
 * before invocation n (from 1), e.g. to change the fault schedule.
 */
export async function replayShard(options: {
  fn: LambdaFunction
  source: string
  inputs: KinesisInput[]
  maxInvocations?: number
  before?: (invocation: number) => Promise<void> | void
}): Promise<ShardRun> {
  const {fn, source, inputs} = options
  const run: ShardRun = {checkpoints: [], from: 0, invocations: 0, invocationsLogs: [], maxHandlerMs: 0, overruns: 0, results: []}
  while (run.invocations < (options.maxInvocations ?? 12)) {
    run.invocations++
    await options.before?.(run.invocations)
    const event = kinesisEvent(source, inputs.slice(run.from), run.from + 1)
    const out = await fn.invoke(event)
    run.invocationsLogs.push(out.logs)
    run.maxHandlerMs = Math.max(run.maxHandlerMs, out.handlerMs)
    if (out.overrun) run.overruns++
    run.results.push(out.value)
    if (!out.value) continue
    const failures = out.value.batchItemFailures
    if (failures.length === 0) {
      run.from = inputs.length
      return run
    }
    const index = event.Records.findIndex((r) => r.kinesis.sequenceNumber === failures[0].itemIdentifier)
    assert.ok(index >= 0, `the reported checkpoint ${failures[0].itemIdentifier} is a record of the event`)
    run.from += index
    run.checkpoints.push(run.from)
  }
  return run
}

/** The one-line figure per scenario quoted in the closing note. */
export function summary(name: string, figures: {records: number; lost: number | string; duplicated: number | string; invocations: number; overruns?: number; crashes?: number; maxHandlerMs: number; deadlineMs: number; extra?: string}): void {
  const overruns = (figures.overruns === undefined ? '' : `, overruns ${figures.overruns}`) + (figures.crashes ? `, crashed containers ${figures.crashes}` : '')
  console.log(
    `      [faults] ${name}: records ${figures.records}, lost ${figures.lost}, duplicated ${figures.duplicated}, invocations ${figures.invocations}${overruns}, ` +
      `max handler ${figures.maxHandlerMs} ms vs deadline ${figures.deadlineMs} ms${figures.extra ? `; ${figures.extra}` : ''}`,
  )
}
