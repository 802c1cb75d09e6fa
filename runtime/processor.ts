// The fan-out of one Lambda event: records grouped by source, each source's active mappings looked
// up, each mapping's records built and handed to its target; all targets run concurrently so one
// failing target never holds up the others. With a parking store (FANOUT_PARKING_BUCKET), what a
// target refused for good, did not take in time (older than parkAfter) or can never take is parked
// in S3 instead of blocking the source, and an open circuit spares a dead target's calls (docs/runtime.md
// "Isolation"). The response names the earliest source record that some target did not get and
// that was not parked (batchItemFailures), so Lambda retries from there and nothing before it is
// sent again. Without parking, records that can never be delivered are logged, counted and skipped.
import {setMaxListeners} from 'node:events'
import {RETRY_POLICY} from './limits.js'
import type {Logger} from './log.js'
import type {Mapping} from './mapping/schema.js'
import type {MetricsSink, SourceMetricsSink} from './metrics.js'
import type {MappingStore} from './config/mapping-store.js'
import type {OutRecord, SourceRecord} from './records.js'
import type {DeliveryReport, SkippedRecord} from './targets/target.js'
import type {TargetRegistry} from './targets/registry.js'
import {groupBySource, readEvent} from './input/event.js'
import {buildOutRecords, variantKey, type BuiltRecords, type SkippedSource} from './input/out-records.js'
import {describeError} from './delivery/errors.js'
import {DeliveredMemory, recordId, shardOf} from './delivery/delivered-memory.js'
import {Circuits} from './parking/circuit.js'
import {isExpired, parkGroups, type ParkGroup} from './parking/plan.js'
import type {ParkStore} from './parking/s3-park-store.js'
import {unreadableRecord} from './input/unreadable.js'
import type {MappingRouting} from './filter/record-filter.js'
import {mappingFilter} from './delivery/mapping-filter.js'
import {emptyReport} from './delivery/loop.js'
import {rowVersionKey} from './mapping/row-key.js'

export interface BatchResponse {
  batchItemFailures: Array<{itemIdentifier: string}>
}

export interface LambdaContext {
  getRemainingTimeInMillis?: () => number
  awsRequestId?: string
}

export interface ParkingSettings {
  store: ParkStore
  /** FANOUT_PARK_AFTER_SECONDS: parkAfter of mappings that have none. */
  defaultParkAfterSeconds: number
  /** Open circuits of this container (kept across invocations). */
  circuits: Circuits
}

export interface ProcessorDeps {
  store: MappingStore
  registry: TargetRegistry
  log: Logger
  metrics: MetricsSink
  /** One line per source and invocation (InvalidMappings). */
  sourceMetrics?: SourceMetricsSink
  /** Records acknowledged during the previous attempt of a shard's batch (warm-container retries). */
  memory?: DeliveredMemory
  /** Parking on (FANOUT_PARKING_BUCKET set). */
  parking?: ParkingSettings
  /** Longest wait for the configuration table (also bounded by the invocation's time). */
  configTimeoutMs?: number
  now?: () => number
}

/** Individual "record skipped" lines per mapping and invocation; the rest are summed up in one line. */
const SKIP_LOG_LIMIT = 50

export interface TimeBudget {
  /** No new delivery attempt starts after this. */
  deadline: number
  /** Delivery calls still in flight are abandoned. */
  abortAt: number
  /** Park writes still in flight are abandoned (their records are reported failed). */
  parkUntil: number
}

/** When new attempts stop, when calls still in flight are abandoned, and when parking must end. */
export function timeBudget(start: number, remainingMs: number | undefined): TimeBudget {
  if (remainingMs === undefined || !Number.isFinite(remainingMs)) {
    const deadline = start + RETRY_POLICY.defaultBudgetMs
    return {abortAt: deadline + RETRY_POLICY.reserveMs, deadline, parkUntil: deadline + 2 * RETRY_POLICY.reserveMs}
  }
  // Short timeouts: keep half of the time for the work rather than none.
  const work = Math.max(remainingMs - RETRY_POLICY.reserveMs, remainingMs / 2)
  const end = start + remainingMs
  const deadline = start + work
  // After the abort: settling what was abandoned, parking, metrics (about half a second for 10,000
  // records and nine hung targets on a busy core), then the response.
  const abortAt = deadline + (end - deadline) * 0.4
  return {abortAt, deadline, parkUntil: abortAt + (end - abortAt) * 0.6}
}

/** A thrown error for SNS sources (async invokes retry on errors, not on batchItemFailures). */
export class UndeliveredError extends Error {
  override name = 'UndeliveredError'
}

interface Invocation {
  budget: TimeBudget
  signal: AbortSignal
  parkSignal: AbortSignal
}

export async function processEvent(event: unknown, context: LambdaContext | undefined, deps: ProcessorDeps): Promise<BatchResponse> {
  const now = deps.now ?? Date.now
  const {log} = deps
  const start = now()
  const {records, unknown} = readEvent(event)
  for (const {index, reason} of unknown) log.error('record skipped', {index, reason})

  const budget = timeBudget(start, context?.getRemainingTimeInMillis?.())
  const controller = new AbortController()
  const parkController = new AbortController()
  // Every call in flight listens for the abort (hundreds with several mappings): not a leak.
  setMaxListeners(0, controller.signal, parkController.signal)
  const timer = setTimeout(() => controller.abort(), Math.max(0, budget.abortAt - start))
  const parkTimer = setTimeout(() => parkController.abort(), Math.max(0, budget.parkUntil - start))

  let earliest: SourceRecord | undefined
  try {
    const groups = [...groupBySource(records)]
    const run: Deps = {...deps, memory: deps.memory ?? new DeliveredMemory(), now}
    const invocation: Invocation = {budget, parkSignal: parkController.signal, signal: controller.signal}
    const perSource = await Promise.all(groups.map(([sourceArn, group]) => processSource(sourceArn, group, run, invocation)))
    for (const record of perSource) if (record && (!earliest || record.index < earliest.index)) earliest = record
  } finally {
    clearTimeout(timer)
    clearTimeout(parkTimer)
  }

  if (!earliest) return {batchItemFailures: []}
  log.warn('batch incomplete: Lambda retries from the reported record', {sequenceNumber: earliest.checkpoint, sourceArn: earliest.sourceArn})
  if (earliest.kind === 'sns') throw new UndeliveredError(`records of ${earliest.sourceArn} were not delivered to every target`)
  return {batchItemFailures: [{itemIdentifier: earliest.checkpoint}]}
}

type Deps = ProcessorDeps & {now: () => number; memory: DeliveredMemory}

interface MappingOutcome {
  earliestFailed?: SourceRecord
  /** Ids of the records this mapping's target has acknowledged or that were parked or skipped
   * (this attempt or the previous one); computed only when the batch will be retried. */
  handled: () => Set<string>
}


/** Processes one source's records; returns the earliest record some target did not get. */
async function processSource(sourceArn: string, group: SourceRecord[], deps: Deps, invocation: Invocation): Promise<SourceRecord | undefined> {
  let mappings: Mapping[]
  try {
    const timeoutMs = Math.max(0, Math.min(deps.configTimeoutMs ?? Number.POSITIVE_INFINITY, invocation.budget.deadline - deps.now()))
    const loaded = await deps.store.activeMappings(sourceArn, {signal: invocation.signal, timeoutMs})
    mappings = loaded
    if (deps.sourceMetrics && deps.store.invalidRows) deps.sourceMetrics({invalidMappings: deps.store.invalidRows(sourceArn), source: sourceArn})
  } catch (error) {
    deps.log.error('cannot read the mappings: the whole batch will be retried', {
      error: describeError(error),
      sourceArn,
      ...(deps.store.tableName ? {table: deps.store.tableName} : {}),
    })
    return group[0]
  }
  if (mappings.length === 0) {
    deps.log.info('no active mapping for this source', {records: group.length, sourceArn})
    return undefined
  }
  const variants = new Map<string, Promise<BuiltRecords>>()
  const shard = shardOf(group[0])
  const outcomes = await Promise.all(
    mappings.map((mapping) => processMapping(mapping, group, variants, deps.memory.recall(shard, rowVersionKey(mapping)), deps, invocation)),
  )
  let earliest: SourceRecord | undefined
  for (const {earliestFailed: record} of outcomes) if (record && (!earliest || record.index < earliest.index)) earliest = record
  // Lambda will send this batch again from `earliest`: remember what each target already has.
  if (earliest) deps.memory.remember(shard, new Map(mappings.map((mapping, n) => [rowVersionKey(mapping), outcomes[n].handled()])))
  else deps.memory.forget(shard)
  return earliest
}

function recordsFor(mapping: Mapping, group: SourceRecord[], variants: Map<string, Promise<BuiltRecords>>, log: Logger, parking: boolean): Promise<BuiltRecords> {
  const options = {convertDDB: mapping.convertDDB, deaggregate: mapping.deaggregate}
  const key = variantKey(options)
  let built = variants.get(key)
  if (!built) {
    built = buildOutRecords(group, options)
    // Logged once per record, however many mappings share it; each mapping counts it as skipped
    // (with parking, each mapping parks it instead).
    built.then(
      ({skipped}) => {
        for (const {source, reason} of skipped) {
          log.error(parking ? 'record unreadable' : 'record skipped', {reason, sequenceNumber: source.checkpoint, sourceArn: source.sourceArn})
        }
      },
      () => undefined, // reported by processMapping
    )
    variants.set(key, built)
  }
  return built
}

async function processMapping(
  mapping: Mapping,
  group: SourceRecord[],
  variants: Map<string, Promise<BuiltRecords>>,
  recalled: Set<string> | undefined,
  deps: Deps,
  invocation: Invocation,
): Promise<MappingOutcome> {
  const started = deps.now()
  const key = rowVersionKey(mapping)
  let built: BuiltRecords
  try {
    built = await recordsFor(mapping, group, variants, deps.log, !!deps.parking)
  } catch (error) {
    deps.log.error('cannot read the records: the whole batch will be retried', {error: describeError(error), mapping: mapping.id})
    return {earliestFailed: group[0], handled: () => recalled ?? new Set()}
  }
  let routing: Pick<MappingRouting, 'accepts'> | undefined
  try {
    routing = mappingFilter(mapping)
  } catch (error) {
    // The schema refuses such rows; should one get here, it is skipped like any invalid row.
    deps.log.error('invalid mapping skipped', {id: mapping.id, reason: `filter: ${describeError(error)}`, sourceArn: mapping.sourceArn})
    return {handled: () => recalled ?? new Set()}
  }
  const unsent = recalled?.size ? withoutAcknowledged(built.records, recalled, mapping.parallel) : built.records
  const deduplicated = built.records.length - unsent.length
  // Records the filter does not match are not sent to this mapping: handled, counted as Filtered.
  const records = routing ? unsent.filter((record) => routing.accepts(record)) : unsent
  const filtered = unsent.length - records.length
  const unreadable = (recalled?.size ? built.skipped.filter(({source}) => !recalled.has(`${source.checkpoint}/`)) : built.skipped).map(sourceSkip)

  const parking = deps.parking
  const parkAfter = mapping.parkAfter ?? parking?.defaultParkAfterSeconds ?? -1
  const blocking = !parking || parkAfter < 0
  const circuit = blocking ? 'closed' : parking.circuits.state(key, deps.now())

  let report: DeliveryReport
  let circuitOpen: OutRecord[] = []
  if (circuit === 'open') {
    // The target is known to be down: park without calling it.
    report = emptyReport()
    circuitOpen = records
  } else {
    try {
      const target = deps.registry.targetFor(mapping)
      report = await target.deliver(records, {deadline: invocation.budget.deadline, log: deps.log, mapping, probe: circuit === 'half-open', signal: invocation.signal})
    } catch (error) {
      // A target that throws delivered nothing it can vouch for: every record goes back to Lambda.
      deps.log.error('target failed', {error: describeError(error), mapping: mapping.id, type: mapping.type})
      report = {...emptyReport(), failed: records}
    }
  }

  // What is parked, per reason.
  const skipped: SkippedRecord[] = [...unreadable, ...report.skipped]
  const groups: ParkGroup[] = []
  let failed = report.failed
  if (parking) {
    groups.push(...parkGroups('undeliverable', skipped))
    if (!blocking) {
      const now = deps.now()
      const refused = new Set(report.refused.map((r) => r.record))
      const expired: SkippedRecord[] = []
      const stillFailed: OutRecord[] = []
      for (const record of report.failed) {
        if (refused.has(record)) continue
        if (isExpired(record, parkAfter, now)) expired.push({reason: 'not delivered within this invocation', record})
        else stillFailed.push(record)
      }
      groups.push(...parkGroups('refused', report.refused), ...parkGroups('expired', expired))
      groups.push(...parkGroups('circuit-open', circuitOpen.map((record) => ({reason: 'circuit open: the target failed recently', record}))))
      failed = stillFailed
    }
  } else {
    logSkipped(mapping, report.skipped, deps.log)
  }

  let parked = 0
  if (groups.length > 0) {
    const notParked = await park(mapping, groups, parking!.store, deps, invocation)
    parked = groups.reduce((n, g) => n + g.records.length, 0) - notParked.length
    failed = [...failed, ...notParked]
  }

  if (!blocking) {
    const tripped = groups.some((g) => g.reason === 'refused' || g.reason === 'expired')
    if (tripped) {
      const coolDownMs = parking.circuits.trip(key, deps.now())
      deps.log.warn('circuit open: the next records of this mapping are parked without calling the target', {coolDownMs, mapping: mapping.id, sourceArn: mapping.sourceArn})
    } else if (circuit === 'half-open' && report.failed.length === 0) {
      parking.circuits.close(key)
      deps.log.info('circuit closed: the target took the probe batch', {mapping: mapping.id, sourceArn: mapping.sourceArn})
    }
  }

  deps.metrics({
    deduplicated,
    delivered: report.delivered,
    durationMs: deps.now() - started,
    failed: failed.length,
    filtered,
    parked,
    recordsIn: built.records.length + built.skipped.length,
    retried: report.retried,
    skipped: parking ? 0 : skipped.length,
    source: mapping.sourceArn,
    target: mapping.id,
    targetType: mapping.type,
  })
  const handled = () => {
    const undelivered = new Set(failed)
    const ids = new Set(recalled)
    for (const record of unsent) if (!undelivered.has(record)) ids.add(recordId(record))
    for (const {record} of unreadable) if (!undelivered.has(record)) ids.add(recordId(record))
    return ids
  }
  return {earliestFailed: earliestSource(failed), handled}
}

const sourceSkip = ({source, reason}: SkippedSource): SkippedRecord => ({reason, record: unreadableRecord(source)})

/** Writes the park groups; returns the records whose object could not be written (reported failed). */
async function park(mapping: Mapping, groups: ParkGroup[], store: ParkStore, deps: Deps, invocation: Invocation): Promise<OutRecord[]> {
  const parkedAt = new Date(deps.now())
  const failed: OutRecord[] = []
  await Promise.all(
    groups.map(async (group) => {
      try {
        if (invocation.parkSignal.aborted) throw new Error('no time left to park')
        const {key} = await store.park({error: group.error, mapping, parkedAt, reason: group.reason, records: group.records}, invocation.parkSignal)
        deps.log.warn('records parked', {count: group.records.length, key, mapping: mapping.id, reason: group.reason, sourceArn: mapping.sourceArn})
      } catch (error) {
        deps.log.error('cannot park records: they are reported failed', {
          count: group.records.length,
          error: describeError(error),
          mapping: mapping.id,
          reason: group.reason,
          sourceArn: mapping.sourceArn,
        })
        failed.push(...group.records)
      }
    }),
  )
  return failed
}

/**
 * A retry of the batch this container saw: what the target acknowledged then is not sent again. For
 * `parallel: false` only the leading acknowledged records are left out, so that the batches stay
 * runs of consecutive records and none is sent before the records ahead of it.
 */
function withoutAcknowledged(records: OutRecord[], acknowledged: Set<string>, parallel: boolean): OutRecord[] {
  if (parallel) return records.filter((record) => !acknowledged.has(recordId(record)))
  const first = records.findIndex((record) => !acknowledged.has(recordId(record)))
  return first < 0 ? [] : records.slice(first)
}

function logSkipped(mapping: Mapping, skipped: SkippedRecord[], log: Logger): void {
  skipped.slice(0, SKIP_LOG_LIMIT).forEach(({record, reason}) =>
    log.error('record skipped', {
      mapping: mapping.id,
      reason,
      sequenceNumber: record.source.checkpoint,
      ...(record.subSequence === undefined ? {} : {subSequenceNumber: record.subSequence}),
      type: mapping.type,
    }),
  )
  if (skipped.length > SKIP_LOG_LIMIT) {
    const rest = skipped.slice(SKIP_LOG_LIMIT)
    log.error('more records skipped', {
      count: rest.length,
      mapping: mapping.id,
      sequenceNumbers: [...new Set(rest.map(({record}) => record.source.checkpoint))],
      type: mapping.type,
    })
  }
}

function earliestSource(failed: OutRecord[]): SourceRecord | undefined {
  let earliest: SourceRecord | undefined
  for (const {source} of failed) if (!earliest || source.index < earliest.index) earliest = source
  return earliest
}
