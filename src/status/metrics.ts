// The metrics `status` reads, in one GetMetricData batch: per mapping, the sums of the fan-out's
// EMF metrics (namespace Custom/FanOut, dimensions Source = sourceArn, Target = mapping id,
// TargetType = type; runtime/metrics.ts), and per hooked source Lambda's IteratorAge (AWS/Lambda).
// One MetricDataQueries entry per metric and mapping, by name and dimensions (which CloudWatch and
// moto both answer; SEARCH and metric math are not used). GetMetricData takes at most 500 queries a
// call: more are split over several calls, and each call is paginated (NextToken).
import type {CloudWatchClient, MetricDataQuery, MetricDataResult} from '@aws-sdk/client-cloudwatch'
import {requireSdk} from '../aws/sdk.js'

export const FANOUT_NAMESPACE = 'Custom/FanOut'
export const MAPPING_METRICS = ['Delivered', 'Failed', 'Parked', 'Skipped', 'Filtered'] as const
export type MappingMetric = (typeof MAPPING_METRICS)[number]
export type MetricSums = Record<MappingMetric, number>
export const MAX_QUERIES_PER_CALL = 500

export interface MetricSeries {
  /** Sum over the whole window (0 without data points). */
  sum: number
  /** Per period, oldest first (0 where no data point): the sparkline. */
  points: number[]
}

export interface MappingMetricsRef {
  sourceArn: string
  id: string
  type: string
}

export interface IteratorAgeKey {
  functionName: string
  /** The event source mapping's UUID (Lambda's EventSourceMappingUUID dimension). */
  uuid?: string
}

export interface MetricsRequest {
  mappings: MappingMetricsRef[]
  iteratorAges: IteratorAgeKey[]
  start: Date
  end: Date
  /** Seconds per data point (a multiple of 60). */
  period: number
}

export interface MetricsAnswer {
  mappings: Map<string, Record<MappingMetric, MetricSeries>>
  /** IteratorAge (ms) per key: the Maximum of the latest period that has a data point in the window. */
  iteratorAges: Map<string, number | undefined>
  calls: number
  queries: number
}

export const mappingRefKey = (mapping: Pick<MappingMetricsRef, 'sourceArn' | 'id'>): string => `${mapping.sourceArn}\u0000${mapping.id}`
export const iteratorKey = (key: IteratorAgeKey): string => `${key.functionName}\u0000${key.uuid ?? ''}`

/** The queries (ids m<N>) and what each one answers. */
export function buildQueries(request: MetricsRequest): {queries: MetricDataQuery[]; meaning: Map<string, {kind: 'mapping'; key: string; metric: MappingMetric} | {kind: 'iterator'; key: string}>} {
  const queries: MetricDataQuery[] = []
  const meaning = new Map<string, {kind: 'mapping'; key: string; metric: MappingMetric} | {kind: 'iterator'; key: string}>()
  for (const mapping of request.mappings) {
    for (const metric of MAPPING_METRICS) {
      const id = `m${queries.length}`
      queries.push({
        Id: id,
        MetricStat: {
          Metric: {
            Dimensions: [
              {Name: 'Source', Value: mapping.sourceArn},
              {Name: 'Target', Value: mapping.id},
              {Name: 'TargetType', Value: mapping.type},
            ],
            MetricName: metric,
            Namespace: FANOUT_NAMESPACE,
          },
          Period: request.period,
          Stat: 'Sum',
        },
        ReturnData: true,
      })
      meaning.set(id, {key: mappingRefKey(mapping), kind: 'mapping', metric})
    }
  }
  for (const key of request.iteratorAges) {
    const id = `m${queries.length}`
    queries.push({
      Id: id,
      MetricStat: {
        Metric: {
          Dimensions: [{Name: 'FunctionName', Value: key.functionName}, ...(key.uuid ? [{Name: 'EventSourceMappingUUID', Value: key.uuid}] : [])],
          MetricName: 'IteratorAge',
          Namespace: 'AWS/Lambda',
        },
        Period: request.period,
        Stat: 'Maximum',
      },
      ReturnData: true,
    })
    meaning.set(id, {key: iteratorKey(key), kind: 'iterator'})
  }
  return {meaning, queries}
}

const emptySeries = (buckets: number): MetricSeries => ({points: Array.from({length: buckets}, () => 0), sum: 0})

export async function readMetrics(client: CloudWatchClient, request: MetricsRequest): Promise<MetricsAnswer> {
  const {GetMetricDataCommand} = requireSdk<typeof import('@aws-sdk/client-cloudwatch')>('@aws-sdk/client-cloudwatch')
  const {meaning, queries} = buildQueries(request)
  // Sparkline points: one per period (status asks for ~30); capped so a long window with a short period stays small.
  const buckets = Math.min(1440, Math.max(1, Math.ceil((request.end.getTime() - request.start.getTime()) / (request.period * 1000))))
  const answer: MetricsAnswer = {calls: 0, iteratorAges: new Map(), mappings: new Map(), queries: queries.length}
  for (const mapping of request.mappings) {
    answer.mappings.set(mappingRefKey(mapping), Object.fromEntries(MAPPING_METRICS.map((metric) => [metric, emptySeries(buckets)])) as Record<MappingMetric, MetricSeries>)
  }
  for (const key of request.iteratorAges) answer.iteratorAges.set(iteratorKey(key), undefined)
  const results: MetricDataResult[] = []
  for (let first = 0; first < queries.length; first += MAX_QUERIES_PER_CALL) {
    const chunk = queries.slice(first, first + MAX_QUERIES_PER_CALL)
    let token: string | undefined
    do {
      const out = await client.send(
        new GetMetricDataCommand({EndTime: request.end, MetricDataQueries: chunk, NextToken: token, ScanBy: 'TimestampAscending', StartTime: request.start}),
      )
      answer.calls++
      results.push(...(out.MetricDataResults ?? []))
      token = out.NextToken
    } while (token)
  }
  for (const result of results) {
    const what = result.Id ? meaning.get(result.Id) : undefined
    if (!what) continue
    const values = result.Values ?? []
    const times = result.Timestamps ?? []
    if (what.kind === 'iterator') {
      // The latest period's Maximum: how far behind the function is now, not at its worst.
      const latest = values.length ? values[times.reduce((best, time, n) => (new Date(time).getTime() > new Date(times[best]).getTime() ? n : best), 0)] : undefined
      if (latest !== undefined) answer.iteratorAges.set(what.key, latest)
      continue
    }
    const series = answer.mappings.get(what.key)![what.metric]
    values.forEach((value, n) => {
      series.sum += value
      const at = times[n] ? new Date(times[n]).getTime() : request.end.getTime()
      const span = request.end.getTime() - request.start.getTime()
      const bucket = Math.min(buckets - 1, Math.max(0, Math.floor(((at - request.start.getTime()) / Math.max(1, span)) * buckets)))
      series.points[bucket] += value
    })
  }
  return answer
}

/** A period that gives about `points` data points over the window (a multiple of 60 s). */
export function periodFor(windowMs: number, points = 30): number {
  return Math.max(60, Math.ceil(windowMs / 1000 / points / 60) * 60)
}

const BARS = '▁▂▃▄▅▆▇█'

export function sparkline(points: number[]): string {
  const top = Math.max(...points, 0)
  if (top === 0) return BARS[0].repeat(points.length)
  // Zero is the lowest bar; any data point at least the second.
  return points.map((value) => (value <= 0 ? BARS[0] : BARS[1 + Math.min(BARS.length - 2, Math.floor((value / top) * (BARS.length - 2)))])).join('')
}
