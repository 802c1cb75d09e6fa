// `status`: the whole fan-out at a glance (docs/status.md). Reads the function, the event
// source mappings, the configuration table, the metrics (one GetMetricData batch), the parking
// bucket's listing and the role's inline policies, and lists the problems it sees. Everything is
// read-only. Each part that cannot be read (access denied, no table yet) becomes a problem line
// instead of failing the whole report.
import type {FunctionConfiguration} from '@aws-sdk/client-lambda'
import type {AwsClients} from '../aws/clients.js'
import {requireSdk} from '../aws/sdk.js'
import {normalizeSourceArn} from '../../runtime/mapping/arn.js'
import type {Mapping} from '../../runtime/mapping/schema.js'
import type {TableRow} from '../mappings/mapping-table.js'
import type {EventSourceMapping} from '../event-sources/find.js'
import {parseConsumerArn} from '../event-sources/consumer.js'
import {iteratorKey, MAPPING_METRICS, mappingRefKey, periodFor, readMetrics, type MetricSeries, type MetricSums, type MappingMetric} from './metrics.js'
import {runtimeStatus} from './runtimes.js'
import {shownDestination} from './shown.js'

export const PROBLEM_KINDS = [
  'function-missing',
  'invalid-row',
  'destination-missing',
  'role-policy-drift',
  'source-not-hooked',
  'no-active-mapping',
  'deprecated-runtime',
  'unreadable',
] as const
export type ProblemKind = (typeof PROBLEM_KINDS)[number]

export interface Problem {
  kind: ProblemKind
  message: string
  sourceArn: string | null
  id: string | null
}

/** The `status --json` document (absent values null). */
export interface StatusReport {
  function: {name: string; runtime: string | null; memory: number | null; timeout: number | null; codeCurrent: boolean | null}
  sources: Array<{sourceArn: string; state: string | null; consumerArn: string | null; iteratorAgeMs: number | null}>
  mappings: Array<{
    sourceArn: string
    id: string
    type: string | null
    active: boolean | null
    destination: string | null
    filter: string | null
    metrics: MetricSums
  }>
  parked: {records: number | null; objects: number | null}
  problems: Problem[]
}

/** What the screen shows besides the JSON: sparklines, the window, notes. */
export interface StatusView {
  report: StatusReport
  /** Per mapping (same order as report.mappings): the data points of each metric. */
  series: Array<Record<MappingMetric, MetricSeries> | undefined>
  since: {start: Date; end: Date; period: number}
  /** Parked records per mapping key (sourceArn + id). */
  parkedByMapping: Map<string, number>
  parkingBucket: string | null
  notes: string[]
}

export interface StatusOptions {
  functionName: string
  tableName: string
  /** Only this source (and its mappings). */
  sourceArn?: string
  /** Window of the metric sums, ms. */
  sinceMs: number
  parkingBucket?: string
  now?: Date
  /** Compare the function's CodeSha256 with this (what this version packages); undefined: unknown. */
  packagedSha256?: string
}

const isAccessDenied = (error: unknown): boolean => /AccessDenied|UnauthorizedOperation|NotAuthorized|Forbidden/i.test((error as Error)?.name ?? '')

const errorText = (error: unknown) => `${(error as Error).name}: ${(error as Error).message}`

async function settle<T>(work: () => Promise<T>): Promise<{ok: true; value: T} | {ok: false; error: unknown}> {
  try {
    return {ok: true, value: await work()}
  } catch (error) {
    return {error, ok: false}
  }
}

export async function collectStatus(aws: AwsClients, options: StatusOptions): Promise<StatusView> {
  const [{readFunction}, {listEventSourceMappings}, {MappingTable}, {readTable}] = await Promise.all([
    import('../deploy/function.js'),
    import('../event-sources/find.js'),
    import('../mappings/mapping-table.js'),
    import('../deploy/table.js'),
  ])
  const now = options.now ?? new Date()
  const problems: Problem[] = []
  const notes: string[] = []
  const problem = (kind: ProblemKind, message: string, sourceArn: string | null = null, id: string | null = null) => problems.push({kind, message, sourceArn, id})

  const [fnRead, esmRead, rowsRead] = await Promise.all([
    settle(() => readFunction(aws, options.functionName)),
    settle(() => listEventSourceMappings(aws, options.functionName)),
    settle(async () => ((await readTable(aws, options.tableName)).exists ? new MappingTable(aws, options.tableName).listAll() : undefined)),
  ])
  const fn: FunctionConfiguration | undefined = fnRead.ok ? fnRead.value : undefined
  // No credentials, no region, no endpoint: nothing can be read; one clear error instead of a report of blanks.
  if (!fnRead.ok && !isAccessDenied(fnRead.error)) throw fnRead.error
  if (!fnRead.ok) problem('unreadable', `function ${options.functionName}: ${errorText(fnRead.error)}`)
  else if (!fn) problem('function-missing', `Lambda function '${options.functionName}' not found (deploy it with \`kinesis-fanout deploy\`)`)
  const esms: EventSourceMapping[] = esmRead.ok ? esmRead.value : []
  if (!esmRead.ok) problem('unreadable', `event source mappings of ${options.functionName}: ${errorText(esmRead.error)}`)
  let rows: TableRow[] = []
  if (!rowsRead.ok) problem('unreadable', `table ${options.tableName}: ${errorText(rowsRead.error)}`)
  else if (rowsRead.value === undefined) notes.push(`table '${options.tableName}' does not exist (no mappings)`)
  else rows = rowsRead.value

  const wanted = (arn: string) => options.sourceArn === undefined || arn === options.sourceArn
  const hooked = esms.filter((m) => m.EventSourceArn && wanted(normalizeSourceArn(m.EventSourceArn)))
  rows = rows.filter((row) => typeof row.item.sourceArn === 'string' && wanted(row.item.sourceArn))
  const valid: Mapping[] = rows.flatMap((row) => (row.parsed.ok ? [row.parsed.mapping] : []))

  // Function
  const runtime = runtimeStatus(fn?.Runtime, now)
  if (runtime.deprecated) problem('deprecated-runtime', runtime.message!)
  else if (runtime.message) notes.push(runtime.message)
  // Keys in the documented order (docs/status.md), so the JSON reads as documented.
  const report: StatusReport = {
    function: {
      name: options.functionName,
      runtime: fn?.Runtime ?? null,
      memory: fn?.MemorySize ?? null,
      timeout: fn?.Timeout ?? null,
      codeCurrent: fn?.CodeSha256 && options.packagedSha256 ? fn.CodeSha256 === options.packagedSha256 : null,
    },
    sources: [],
    mappings: [],
    parked: {records: null, objects: null},
    problems,
  }
  if (report.function.codeCurrent === false) notes.push('the function runs other code than this version packages: `kinesis-fanout deploy` updates it')

  // Metrics: one batch for every mapping and every hooked source.
  const start = new Date(now.getTime() - options.sinceMs)
  const period = periodFor(options.sinceMs)
  // TargetType as the function writes it: the parsed (canonical) type.
  const metricRefs = rows.map((row) => ({
    id: String(row.item.id ?? ''),
    sourceArn: String(row.item.sourceArn),
    type: row.parsed.ok ? row.parsed.mapping.type : String(row.item.type ?? ''),
  }))
  const iteratorAges = hooked.flatMap((m) => [{functionName: options.functionName, uuid: m.UUID}])
  if (hooked.length) iteratorAges.push({functionName: options.functionName, uuid: undefined})
  const {CloudWatchClient} = requireSdk<typeof import('@aws-sdk/client-cloudwatch')>('@aws-sdk/client-cloudwatch')
  const metricsRead = await settle(() => readMetrics(aws.get(CloudWatchClient), {end: now, iteratorAges, mappings: metricRefs, period, start}))
  if (!metricsRead.ok) problem('unreadable', `CloudWatch metrics: ${errorText(metricsRead.error)}`)
  const metrics = metricsRead.ok ? metricsRead.value : undefined

  // Sources: each hooked one (state, consumer, iterator age). Lambda publishes IteratorAge per
  // function (dimension FunctionName); per event source mapping (EventSourceMappingUUID) where
  // it does: the mapping's own value is used when there is one, else the function's.
  const functionAge = metrics?.iteratorAges.get(iteratorKey({functionName: options.functionName}))
  for (const esm of hooked) {
    const arn = esm.EventSourceArn!
    const own = metrics?.iteratorAges.get(iteratorKey({functionName: options.functionName, uuid: esm.UUID}))
    report.sources.push({
      sourceArn: normalizeSourceArn(arn),
      state: esm.State ?? null,
      consumerArn: parseConsumerArn(arn) ? arn : null,
      iteratorAgeMs: own ?? functionAge ?? null,
    })
  }

  // Mappings
  const series: StatusView['series'] = []
  for (const row of rows) {
    const sourceArn = String(row.item.sourceArn)
    const id = String(row.item.id ?? '')
    const mapping = row.parsed.ok ? row.parsed.mapping : undefined
    const found = metrics?.mappings.get(mappingRefKey({id, sourceArn}))
    series.push(found)
    const type = mapping?.type ?? (typeof row.item.type === 'string' ? row.item.type : null)
    const destination = typeof row.item.destination === 'string' ? row.item.destination : null
    report.mappings.push({
      sourceArn,
      id,
      type,
      active: mapping?.active ?? (typeof row.item.active === 'boolean' ? row.item.active : null),
      destination: destination === null ? null : shownDestination(type, destination),
      filter: mapping?.filter ?? (typeof row.item.filter === 'string' ? row.item.filter : null),
      metrics: Object.fromEntries(MAPPING_METRICS.map((metric) => [metric, found?.[metric].sum ?? 0])) as MetricSums,
    })
    if (!row.parsed.ok) problem('invalid-row', `mapping '${id}' is invalid and skipped by the function: ${row.parsed.reason}`, sourceArn, id)
  }

  // Sources with mappings but no hook; hooked sources without an active mapping.
  const hookedSources = new Set(report.sources.map((s) => s.sourceArn))
  const rowSources = [...new Set(rows.map((row) => String(row.item.sourceArn)))]
  for (const sourceArn of rowSources) {
    if (!hookedSources.has(sourceArn)) {
      problem('source-not-hooked', `${sourceArn} has mappings but is not hooked to ${options.functionName}: nothing reads it (\`kinesis-fanout hook --source-arn ${sourceArn}\`)`, sourceArn)
    }
  }
  for (const sourceArn of hookedSources) {
    if (!valid.some((m) => m.sourceArn === sourceArn && m.active)) {
      problem('no-active-mapping', `${sourceArn} is hooked but has no active mapping: the function reads it and sends nothing`, sourceArn)
    }
  }

  // Destinations that do not exist (the resolvers register uses), role policy drift, parked backlog.
  const [{missingDestinations}, {roleDrift}] = await Promise.all([import('./destinations.js'), import('./role-drift.js')])
  const [missing, drift, parked] = await Promise.all([
    settle(() => missingDestinations(aws, valid)),
    fn ? settle(() => roleDrift(aws, {esms, fn, functionName: options.functionName, rows: rowsRead.ok ? (rowsRead.value ?? []) : [], tableName: options.tableName})) : undefined,
    settle(() => parkedBacklog(aws, {bucket: options.parkingBucket, current: fnRead.ok ? (fn ?? null) : undefined, functionName: options.functionName, sourceArn: options.sourceArn})),
  ])
  if (missing.ok) for (const m of missing.value) problem('destination-missing', `destination of '${m.mapping.id}' (${m.mapping.type}) does not exist: ${m.reason}`, m.mapping.sourceArn, m.mapping.id)
  else problem('unreadable', `destinations: ${errorText(missing.error)}`)
  if (drift?.ok) for (const change of drift.value.changes) problem('role-policy-drift', `role ${drift.value.roleName}: inline policy ${change.name} ${change.what} (\`kinesis-fanout deploy\` writes it)`)
  else if (drift && !drift.ok) problem('unreadable', `role of ${options.functionName}: ${errorText(drift.error)}`)
  if (drift?.ok && drift.value.note) notes.push(drift.value.note)
  const parkedByMapping = new Map<string, number>()
  let parkingBucket: string | null = null
  if (parked.ok && parked.value) {
    parkingBucket = parked.value.bucket
    report.parked = {records: parked.value.records, objects: parked.value.objects}
    for (const [key, count] of parked.value.byMapping) parkedByMapping.set(key, count)
  } else if (!parked.ok) problem('unreadable', `parking bucket: ${errorText(parked.error)}`)
  return {notes, parkedByMapping, parkingBucket, report, series, since: {end: now, period, start}}
}

/**
 * The parked backlog from the bucket's listing (src/parking: the bucket `parked` and `replay` use,
 * records counted from the keys, no object read). Undefined when the bucket does not exist (parking
 * off, or never deployed).
 */
export async function parkedBacklog(
  aws: AwsClients,
  options: {functionName: string; bucket?: string; current?: FunctionConfiguration | null; sourceArn?: string},
): Promise<{bucket: string; records: number; objects: number; byMapping: Map<string, number>} | undefined> {
  const [{locateParkingBucket}, {listParkedObjects, ParkingBucketNotFoundError}, {parkingS3}] = await Promise.all([
    import('../parking/locate-bucket.js'),
    import('../parking/listing.js'),
    import('../parking/s3-client.js'),
  ])
  const {bucket} = await locateParkingBucket(aws, {bucket: options.bucket, current: options.current, functionName: options.functionName})
  let objects
  try {
    objects = await listParkedObjects(parkingS3(aws), bucket, {sourceArn: options.sourceArn})
  } catch (error) {
    if (error instanceof ParkingBucketNotFoundError) return undefined
    throw error
  }
  const byMapping = new Map<string, number>()
  for (const object of objects) {
    const key = mappingRefKey({id: object.mappingId, sourceArn: object.sourceArn})
    byMapping.set(key, (byMapping.get(key) ?? 0) + object.count)
  }
  return {bucket, byMapping, objects: objects.length, records: objects.reduce((total, object) => total + object.count, 0)}
}
