// Reads the fan-out function's log lines (runtime/log.ts JSON lines, runtime/metrics.ts EMF lines)
// so local runs can total what the function reports per mapping and surface its warnings.

export interface TargetTotals {
  delivered: number
  failed: number
  skipped: number
}

export type FunctionLogLine =
  | {kind: 'metrics'; target: string; targetType: string; delivered: number; failed: number; skipped: number}
  | {kind: 'log'; level: string; message: string; fields: Record<string, unknown>}
  | {kind: 'text'; text: string}

export function parseFunctionLog(line: string): FunctionLogLine {
  try {
    const value = JSON.parse(line) as Record<string, unknown>
    if (value && typeof value === 'object' && '_aws' in value && typeof value.Target === 'string') {
      return {
        delivered: Number(value.Delivered ?? 0),
        failed: Number(value.Failed ?? 0),
        kind: 'metrics',
        skipped: Number(value.Skipped ?? 0),
        target: value.Target,
        targetType: String(value.TargetType ?? ''),
      }
    }
    if (value && typeof value === 'object' && typeof value.message === 'string') {
      const {level, message, ...fields} = value
      return {fields, kind: 'log', level: String(level ?? 'info'), message}
    }
  } catch {
    // not JSON: plain text (console.log, a stack trace)
  }
  return {kind: 'text', text: line}
}

/** Adds a metrics line to the per-mapping totals. */
export function addMetrics(totals: Map<string, TargetTotals>, line: FunctionLogLine): void {
  if (line.kind !== 'metrics') return
  const current = totals.get(line.target) ?? {delivered: 0, failed: 0, skipped: 0}
  current.delivered += line.delivered
  current.failed += line.failed
  current.skipped += line.skipped
  totals.set(line.target, current)
}
