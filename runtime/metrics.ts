// Delivery metrics as CloudWatch Embedded Metric Format log lines: one line per invocation per
// (source, target). CloudWatch turns them into metrics asynchronously; no PutMetricData call on the
// hot path.

export interface TargetMetrics {
  source: string
  /** Mapping id. */
  target: string
  targetType: string
  recordsIn: number
  delivered: number
  retried: number
  failed: number
  skipped: number
  /** Records parked in the parking bucket (handled: not retried by Lambda). */
  parked: number
  /** Records that did not match the mapping's filter (each KPL user record once). */
  filtered: number
  /** Records not sent again because the target acknowledged them in the previous attempt. */
  deduplicated: number
  durationMs: number
}

export const DEFAULT_METRICS_NAMESPACE = 'Custom/FanOut'

const COUNTS = [
  ['RecordsIn', 'recordsIn'],
  ['Delivered', 'delivered'],
  ['Retried', 'retried'],
  ['Failed', 'failed'],
  ['Skipped', 'skipped'],
  ['Parked', 'parked'],
  ['Filtered', 'filtered'],
  ['Deduplicated', 'deduplicated'],
] as const

export function emfLine(namespace: string, metrics: TargetMetrics, timestamp = Date.now()): string {
  const document: Record<string, unknown> = {
    _aws: {
      CloudWatchMetrics: [
        {
          Dimensions: [['Source', 'Target', 'TargetType']],
          Metrics: [...COUNTS.map(([name]) => ({Name: name, Unit: 'Count'})), {Name: 'DurationMs', Unit: 'Milliseconds'}],
          Namespace: namespace,
        },
      ],
      Timestamp: timestamp,
    },
    Source: metrics.source,
    Target: metrics.target,
    TargetType: metrics.targetType,
  }
  for (const [name, field] of COUNTS) document[name] = metrics[field]
  document.DurationMs = metrics.durationMs
  return JSON.stringify(document)
}

export type MetricsSink = (metrics: TargetMetrics) => void

export function createMetricsSink(namespace: string, write: (line: string) => void = (line) => process.stdout.write(line + '\n')): MetricsSink {
  return (metrics) => write(emfLine(namespace, metrics))
}

/** Per source and invocation: the rows of the source's mappings that are invalid (skipped). */
export interface SourceMetrics {
  source: string
  invalidMappings: number
}

export function emfSourceLine(namespace: string, metrics: SourceMetrics, timestamp = Date.now()): string {
  return JSON.stringify({
    _aws: {
      CloudWatchMetrics: [{Dimensions: [['Source']], Metrics: [{Name: 'InvalidMappings', Unit: 'Count'}], Namespace: namespace}],
      Timestamp: timestamp,
    },
    InvalidMappings: metrics.invalidMappings,
    Source: metrics.source,
  })
}

export type SourceMetricsSink = (metrics: SourceMetrics) => void

export function createSourceMetricsSink(namespace: string, write: (line: string) => void = (line) => process.stdout.write(line + '\n')): SourceMetricsSink {
  return (metrics) => write(emfSourceLine(namespace, metrics))
}
