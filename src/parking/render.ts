// The readable forms of `parked` and `replay` (their --json shapes are the services' results).
import type {ParkedSummary} from './listing.js'

/** `1 record`, `2 records`. */
export const counted = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`

const HEADER = ['ID', 'RECORDS', 'OBJECTS', 'BYTES', 'OLDEST', 'NEWEST', 'REASONS']

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}

/** "refused 12, expired 3" (records), "(newest 20 objects)" when only some objects were read. */
export function formatReasons(reasons?: {reasons: Record<string, number>; sampled: number}, objects?: number): string {
  if (!reasons) return '-'
  const text = Object.entries(reasons.reasons)
    .sort(([, a], [, b]) => b - a)
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ')
  return objects !== undefined && reasons.sampled < objects ? `${text} (newest ${reasons.sampled} objects)` : text
}

const shortTime = (iso: string): string => iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z')

export function renderParked(rows: ParkedSummary[], reasons: Map<string, {reasons: Record<string, number>; sampled: number}>, bucket: string): string {
  const bySource = new Map<string, ParkedSummary[]>()
  for (const row of rows) bySource.set(row.sourceArn, [...(bySource.get(row.sourceArn) ?? []), row])
  const lines: string[] = []
  for (const [source, list] of bySource) {
    if (lines.length) lines.push('')
    lines.push(`${source} (bucket ${bucket}):`)
    const cells = list.map((row) => [
      row.id,
      String(row.records),
      String(row.objects),
      formatBytes(row.bytes),
      shortTime(row.oldest),
      shortTime(row.newest),
      formatReasons(reasons.get(`${row.sourceArn}\n${row.id}`), row.objects),
    ])
    const widths = HEADER.map((_, column) => Math.max(...[HEADER, ...cells].map((row) => row[column].length)))
    for (const row of [HEADER, ...cells]) lines.push('  ' + row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  '))
  }
  const total = rows.reduce((sum, row) => sum + row.records, 0)
  lines.push('', `${counted(total, 'parked record')} in all. Send them again with \`kinesis-fanout replay --id ID --source-arn ARN\`.`)
  return lines.join('\n')
}
