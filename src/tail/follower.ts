// Follows every shard of a stream: one reading loop per shard, children started once their parents
// are read to the end (so records of a key stay in order across a reshard), new shards found by
// listing again when a shard closes and periodically. `tail` prints what it reads; `local-run` and
// `demo` hand each batch to the fan-out handler and may ask to read again from a sequence number.
import type {StartPosition} from './start-position.js'
import {backoffMs, DEFAULT_PACING, ShardBudget, sleep, type Pacing} from './pacing.js'
import {isExpiredIterator, isThrottling, type IteratorStart, type ShardInfo, type ShardRecord, type ShardSource} from './shard-source.js'

export interface BatchOutcome {
  /** Read the shard again from this sequence number (the handler reported a failure there). */
  retryFrom?: string
}

export interface FollowOptions {
  start: StartPosition
  /** false: stop each shard once it is caught up (--no-follow). */
  follow: boolean
  /** Records per GetRecords call at most (the pacing may ask for fewer: Pacing.maxAnswerBytes). */
  limit: number
  /** Aborting stops every shard quietly (Ctrl-C, --max reached). */
  signal?: AbortSignal
  pacing?: Partial<Pacing>
  /** Called with each non-empty batch of a shard, in order; the next read waits for it. */
  onBatch(shardId: string, records: ShardRecord[]): Promise<BatchOutcome | void> | BatchOutcome | void
  /** Progress notes (a shard closed, new shards found, throttled). */
  onNote?(message: string): void
  /** After each GetRecords answer: how far each shard being read is behind, and how fast it is read. */
  onProgress?(shards: ShardProgress[]): void
}

/** Where a shard's reading stands (for the tail header). */
export interface ShardProgress {
  shardId: string
  /** Records read from this shard so far. */
  records: number
  /** Bytes of record data read so far. */
  bytes: number
  /** MillisBehindLatest of the last answer (Kinesis only). */
  millisBehind?: number
  /** When reading of this shard started (epoch ms). */
  startedAt: number
  /** The last GetRecords Limit asked. */
  limit: number
  done: boolean
}

export interface FollowSummary {
  shardsRead: number
  records: number
  calls: number
  throttled: number
}

type Status = 'waiting' | 'reading' | 'done'


interface ShardState {
  info: ShardInfo
  status: Status
  start: IteratorStart
}

export class ShardFollower {
  private readonly pacing: Pacing
  private readonly shards = new Map<string, ShardState>()
  private readonly running = new Set<Promise<void>>()
  private readonly stop = new AbortController()
  private readonly signal: AbortSignal
  private readonly changes = new Changes()
  private listAgain = false
  private failure: unknown
  private readonly summary: FollowSummary = {calls: 0, records: 0, shardsRead: 0, throttled: 0}
  private readonly progress = new Map<string, ShardProgress>()

  constructor(
    private readonly source: ShardSource,
    private readonly options: FollowOptions,
  ) {
    this.pacing = {...DEFAULT_PACING, ...options.pacing}
    this.signal = options.signal ? AbortSignal.any([options.signal, this.stop.signal]) : this.stop.signal
  }

  async run(): Promise<FollowSummary> {
    try {
      await this.loop()
    } finally {
      // Whatever ended the run (done, aborted, an error), no shard loop outlives it.
      this.stop.abort()
      await Promise.allSettled([...this.running])
    }
    if (this.failure) throw this.failure
    return this.summary
  }

  private async loop(): Promise<void> {
    await this.discover(true)
    let lastListing = Date.now()
    while (!this.signal.aborted) {
      this.startReadyShards()
      if (this.running.size === 0 && !this.options.follow) {
        // Everything read to the tip: one more listing catches shards a reshard created meanwhile.
        if (!(await this.discover(false))) break
        lastListing = Date.now()
        continue
      }
      const untilListing = this.options.follow ? Math.max(0, lastListing + this.pacing.discoveryIntervalMs - Date.now()) : undefined
      await this.changes.wait(untilListing, this.signal)
      if (this.signal.aborted) break
      if (this.listAgain || (this.options.follow && Date.now() - lastListing >= this.pacing.discoveryIntervalMs)) {
        this.listAgain = false
        await this.discover(false)
        lastListing = Date.now()
      }
    }
  }

  /** Adds shards not seen before; true when some were added. */
  private async discover(initial: boolean): Promise<boolean> {
    const listed = await this.withThrottleRetry(() => this.source.listShards(this.signal))
    if (!listed) return false
    let added = false
    for (const info of listed) {
      const known = this.shards.get(info.shardId)
      if (known) {
        known.info = info
        continue
      }
      added = true
      this.shards.set(info.shardId, {info, start: this.startFor(initial), status: initial && this.skipAtStart(info) ? 'done' : 'waiting'})
      if (!initial) this.options.onNote?.(`New shard ${info.shardId} (parents: ${info.parentShardIds.join(', ') || 'none'})`)
    }
    return added
  }

  /** With --from latest, shards already closed hold nothing new. */
  private skipAtStart(info: ShardInfo): boolean {
    return this.options.start.kind === 'latest' && info.closed
  }

  private startFor(initial: boolean): IteratorStart {
    // A shard created after we started holds only new records: read all of it.
    if (!initial) return {type: 'TRIM_HORIZON'}
    const start = this.options.start
    if (start.kind === 'latest') return {type: 'LATEST'}
    if (start.kind === 'trim-horizon') return {type: 'TRIM_HORIZON'}
    return {at: start.at, type: 'AT_TIMESTAMP'}
  }

  private startReadyShards(): void {
    for (const state of this.shards.values()) {
      if (state.status !== 'waiting') continue
      const parentsDone = state.info.parentShardIds.every((id) => {
        const parent = this.shards.get(id)
        return !parent || parent.status === 'done'
      })
      if (!parentsDone) continue
      state.status = 'reading'
      this.summary.shardsRead++
      const reading = this.readShard(state)
        .catch((error) => {
          if (!this.signal.aborted) {
            this.failure ??= error
            this.stop.abort()
          }
        })
        .finally(() => {
          state.status = 'done'
          const shard = this.progress.get(state.info.shardId)
          if (shard) shard.done = true
          this.running.delete(reading)
          this.changes.notify()
        })
      this.running.add(reading)
    }
  }

  private async readShard(state: ShardState): Promise<void> {
    const {source, options, pacing, signal} = this
    const shardId = state.info.shardId
    const since = options.start.kind === 'time' ? options.start.at.getTime() : undefined
    const oldestKept = since === undefined ? undefined : since - (since % source.timePrecisionMs)
    let lastSequence: string | undefined
    let iterator = await this.withThrottleRetry(() => source.iterator(shardId, state.start, signal))
    const budget = new ShardBudget(pacing)
    const progress: ShardProgress = {bytes: 0, done: false, limit: options.limit, records: 0, shardId, startedAt: Date.now()}
    this.progress.set(shardId, progress)
    let nextCallAt = 0
    let throttles = 0
    let retries = 0
    while (iterator && !signal.aborted) {
      const plan = budget.plan(Math.max(nextCallAt, Date.now()), options.limit)
      await sleep(plan.at - Date.now(), signal)
      if (signal.aborted) return
      const limit = plan.limit
      progress.limit = limit
      let result
      try {
        this.summary.calls++
        result = await source.read(shardId, iterator, limit, signal)
        throttles = 0
      } catch (error) {
        if (signal.aborted) return
        if (isThrottling(error)) {
          this.summary.throttled++
          // A refused call still counts against the shard's calls per second.
          budget.record(Date.now(), 0, 0)
          nextCallAt = Date.now() + Math.max(pacing.minIntervalMs, backoffMs(throttles++, pacing))
          continue
        }
        if (isExpiredIterator(error)) {
          const restart: IteratorStart = lastSequence ? {sequenceNumber: lastSequence, type: 'AFTER_SEQUENCE_NUMBER'} : state.start
          iterator = await this.withThrottleRetry(() => source.iterator(shardId, restart, signal))
          continue
        }
        throw error
      }
      // Counted from the answer, not from the call: the service saw the call between the two, and
      // any delay before a request leaves (signing, credentials) cannot bring two calls closer.
      const answeredAt = Date.now()
      budget.record(answeredAt, result.bytes ?? 0, result.records.length, result.largestRecordBytes)
      progress.records += result.records.length
      progress.bytes += result.bytes ?? 0
      progress.millisBehind = result.millisBehindLatest
      this.options.onProgress?.([...this.progress.values()])
      const atTip = source.atTip(result, limit)
      // The next call waits minIntervalMs after this answer (idleIntervalMs once caught up), and an
      // answer of B bytes is followed by at least B / maxBytesPerSecond of quiet.
      const readTimeMs = ((result.bytes ?? 0) / pacing.maxBytesPerSecond) * 1000
      nextCallAt = answeredAt + Math.max(atTip ? pacing.idleIntervalMs : pacing.minIntervalMs, readTimeMs)
      const records = oldestKept === undefined ? result.records : result.records.filter((r) => r.arrival.getTime() >= oldestKept)
      if (records.length > 0) {
        const outcome = await options.onBatch(shardId, records)
        if (signal.aborted) return
        if (outcome?.retryFrom) {
          // Read again from the failed record after a growing pause, as Lambda retries a batch.
          const from = outcome.retryFrom
          iterator = await this.withThrottleRetry(() => source.iterator(shardId, {sequenceNumber: from, type: 'AT_SEQUENCE_NUMBER'}, signal))
          nextCallAt = Date.now() + backoffMs(retries++, pacing)
          continue
        }
        retries = 0
        this.summary.records += records.length
      }
      if (result.records.length > 0) lastSequence = result.records.at(-1)!.sequenceNumber
      if (!result.nextIterator) {
        // Closed and read to the end: its children may start, and the shard list has changed.
        if (!state.info.closed) options.onNote?.(`Shard ${shardId} was closed by a reshard; its child shards follow`)
        this.listAgain = true
        return
      }
      if (atTip && !options.follow) return
      iterator = result.nextIterator
    }
  }

  /** Runs an AWS call again after a back-off while the service throttles; undefined once aborted. */
  private async withThrottleRetry<T>(call: () => Promise<T>): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call()
      } catch (error) {
        if (this.signal.aborted) return undefined
        if (!isThrottling(error)) throw error
        this.summary.throttled++
        await sleep(backoffMs(attempt, this.pacing), this.signal)
      }
    }
  }
}

/** A wake-up that is not lost when it fires while nobody waits. */
class Changes {
  private pending = false
  private waiter?: () => void

  notify(): void {
    this.pending = true
    this.waiter?.()
  }

  /** Resolves on the next notify (or a pending one), after `ms` when given, or on abort. */
  async wait(ms: number | undefined, signal: AbortSignal): Promise<void> {
    if (!this.pending && !signal.aborted) {
      let onAbort = () => {}
      const notified = new Promise<void>((resolve) => {
        this.waiter = resolve
        onAbort = resolve
        signal.addEventListener('abort', onAbort, {once: true})
      })
      await Promise.race([notified, ...(ms === undefined ? [] : [sleep(ms, signal)])])
      signal.removeEventListener('abort', onAbort)
      this.waiter = undefined
    }
    this.pending = false
  }
}

export function followShards(source: ShardSource, options: FollowOptions): Promise<FollowSummary> {
  return new ShardFollower(source, options).run()
}
