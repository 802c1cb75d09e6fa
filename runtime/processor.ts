// The fan-out of one Lambda event: records grouped by source, each source's active mappings looked
// up, each mapping's records built and handed to its target; all targets run concurrently so one
// failing target never holds up the others. The response names the earliest source record that
// some target did not get (batchItemFailures), so Lambda retries from there and nothing before it
// is sent again. Records that can never be delivered are logged, counted and skipped.
import {RETRY_POLICY} from './limits.js'
import type {Logger} from './log.js'
import type {Mapping} from './mapping/schema.js'
import type {MetricsSink} from './metrics.js'
import type {MappingStore} from './config/mapping-store.js'
import type {OutRecord, SourceRecord} from './records.js'
import type {DeliveryReport, SkippedRecord} from './targets/target.js'
import type {TargetRegistry} from './targets/registry.js'
import {groupBySource, readEvent} from './sources/event.js'
import {buildOutRecords, variantKey, type BuiltRecords} from './sources/out-records.js'
import {describeError} from './delivery/batches.js'
import {DeliveredMemory, recordId, shardOf} from './delivery/delivered-memory.js'

export interface BatchResponse {
  batchItemFailures: Array<{itemIdentifier: string}>
}

export interface LambdaContext {
  getRemainingTimeInMillis?: () => number
  awsRequestId?: string
}

export interface ProcessorDeps {
  store: MappingStore
  registry: TargetRegistry
  log: Logger
  metrics: MetricsSink
  /** Records acknowledged during the previous attempt of a shard's batch (warm-container retries). */
  memory?: DeliveredMemory
  now?: () => number
}

/** Individual "record skipped" lines per mapping and invocation; the rest are summed up in one line. */
const SKIP_LOG_LIMIT = 50

/** When new attempts stop, and when calls still in flight are abandoned. */
export function timeBudget(start: number, remainingMs: number | undefined): {deadline: number; abortAt: number} {
  if (remainingMs === undefined || !Number.isFinite(remainingMs)) {
    const deadline = start + RETRY_POLICY.defaultBudgetMs
    return {abortAt: deadline + RETRY_POLICY.reserveMs, deadline}
  }
  // Short timeouts: keep half of the time for the work rather than none.
  const work = Math.max(remainingMs - RETRY_POLICY.reserveMs, remainingMs / 2)
  const end = start + remainingMs
  const deadline = start + work
  return {abortAt: deadline + (end - deadline) / 2, deadline}
}

/** A thrown error for SNS sources (async invokes retry on errors, not on batchItemFailures). */
export class UndeliveredError extends Error {
  override name = 'UndeliveredError'
}

export async function processEvent(event: unknown, context: LambdaContext | undefined, deps: ProcessorDeps): Promise<BatchResponse> {
  const now = deps.now ?? Date.now
  const {log} = deps
  const start = now()
  const {records, unknown} = readEvent(event)
  for (const {index, reason} of unknown) log.error('record skipped', {index, reason})

  const {deadline, abortAt} = timeBudget(start, context?.getRemainingTimeInMillis?.())
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), Math.max(0, abortAt - start))
  timer.unref?.()

  let earliest: SourceRecord | undefined
  try {
    const groups = [...groupBySource(records)]
    const run: Deps = {...deps, memory: deps.memory ?? new DeliveredMemory(), now}
    const perSource = await Promise.all(groups.map(([sourceArn, group]) => processSource(sourceArn, group, run, deadline, controller.signal)))
    for (const record of perSource) if (record && (!earliest || record.index < earliest.index)) earliest = record
  } finally {
    clearTimeout(timer)
  }

  if (!earliest) return {batchItemFailures: []}
  log.warn('batch incomplete: Lambda retries from the reported record', {sequenceNumber: earliest.checkpoint, sourceArn: earliest.sourceArn})
  if (earliest.kind === 'sns') throw new UndeliveredError(`records of ${earliest.sourceArn} were not delivered to every target`)
  return {batchItemFailures: [{itemIdentifier: earliest.checkpoint}]}
}

type Deps = ProcessorDeps & {now: () => number; memory: DeliveredMemory}

interface MappingOutcome {
  earliestFailed?: SourceRecord
  /** Ids of the records this mapping's target has acknowledged (this attempt or the previous one);
   * computed only when the batch will be retried. */
  acknowledged: () => Set<string>
}

const mappingKey = (mapping: Mapping): string => JSON.stringify(mapping)

/** Processes one source's records; returns the earliest record some target did not get. */
async function processSource(
  sourceArn: string,
  group: SourceRecord[],
  deps: Deps,
  deadline: number,
  signal: AbortSignal,
): Promise<SourceRecord | undefined> {
  let mappings: Mapping[]
  try {
    mappings = await deps.store.activeMappings(sourceArn)
  } catch (error) {
    deps.log.error('cannot read the mappings: the whole batch will be retried', {error: describeError(error), sourceArn})
    return group[0]
  }
  if (mappings.length === 0) {
    deps.log.info('no active mapping for this source', {records: group.length, sourceArn})
    return undefined
  }
  const variants = new Map<string, Promise<BuiltRecords>>()
  const shard = shardOf(group[0])
  const outcomes = await Promise.all(
    mappings.map((mapping) =>
      processMapping(mapping, group, variants, deps.memory.recall(shard, mappingKey(mapping)), deps, deadline, signal),
    ),
  )
  let earliest: SourceRecord | undefined
  for (const {earliestFailed: record} of outcomes) if (record && (!earliest || record.index < earliest.index)) earliest = record
  // Lambda will send this batch again from `earliest`: remember what each target already has.
  if (earliest) deps.memory.remember(shard, new Map(mappings.map((mapping, n) => [mappingKey(mapping), outcomes[n].acknowledged()])))
  else deps.memory.forget(shard)
  return earliest
}

function recordsFor(mapping: Mapping, group: SourceRecord[], variants: Map<string, Promise<BuiltRecords>>, log: Logger): Promise<BuiltRecords> {
  const options = {convertDDB: mapping.convertDDB, deaggregate: mapping.deaggregate}
  const key = variantKey(options)
  let built = variants.get(key)
  if (!built) {
    built = buildOutRecords(group, options)
    // Logged once per record, however many mappings share it; each mapping counts it as skipped.
    built.then(
      ({skipped}) => {
        for (const {source, reason} of skipped) {
          log.error('record skipped', {reason, sequenceNumber: source.checkpoint, sourceArn: source.sourceArn})
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
  deadline: number,
  signal: AbortSignal,
): Promise<MappingOutcome> {
  const started = deps.now()
  let built: BuiltRecords
  try {
    built = await recordsFor(mapping, group, variants, deps.log)
  } catch (error) {
    deps.log.error('cannot read the records: the whole batch will be retried', {error: describeError(error), mapping: mapping.id})
    return {acknowledged: () => recalled ?? new Set(), earliestFailed: group[0]}
  }
  const records = recalled?.size ? withoutAcknowledged(built.records, recalled, mapping.parallel) : built.records
  const deduplicated = built.records.length - records.length
  let report: DeliveryReport
  try {
    const target = deps.registry.targetFor(mapping)
    report = await target.deliver(records, {deadline, log: deps.log, mapping, signal})
  } catch (error) {
    // A target that throws delivered nothing it can vouch for: every record goes back to Lambda.
    deps.log.error('target failed', {error: describeError(error), mapping: mapping.id, type: mapping.type})
    report = {calls: 0, delivered: 0, failed: records, retried: 0, skipped: []}
  }
  logSkipped(mapping, report.skipped, deps.log)
  deps.metrics({
    deduplicated,
    delivered: report.delivered,
    durationMs: deps.now() - started,
    failed: report.failed.length,
    recordsIn: built.records.length + built.skipped.length,
    retried: report.retried,
    skipped: report.skipped.length + built.skipped.length,
    source: mapping.sourceArn,
    target: mapping.id,
    targetType: mapping.type,
  })
  const acknowledged = () => {
    const failed = new Set(report.failed)
    const ids = new Set(recalled)
    for (const record of records) if (!failed.has(record)) ids.add(recordId(record))
    return ids
  }
  return {acknowledged, earliestFailed: earliestSource(report.failed)}
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
