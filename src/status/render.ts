// The status screen: the function, the hooked sources, the mappings with their metric sums (and a
// sparkline of Delivered per mapping at a terminal), the parked backlog, and the problems.
import type {StatusView} from './collect.js'
import {MAPPING_METRICS, mappingRefKey, sparkline} from './metrics.js'

export interface RenderOptions {
  /** A terminal: sparklines and colour. */
  terminal: boolean
  color: boolean
  sinceText: string
}

const ANSI = {bold: [1, 22], dim: [2, 22], green: [32, 39], red: [31, 39], yellow: [33, 39]} as const
type Style = keyof typeof ANSI

function ago(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`
  return `${(ms / 3_600_000).toFixed(1)} h`
}

function table(rows: string[][], indent = '  '): string[] {
  const widths: number[] = []
  // Width without ANSI codes.
  const visible = (text: string) => text.replace(/\u001B\[\d+m/g, '').length
  for (const row of rows) row.forEach((cell, n) => (widths[n] = Math.max(widths[n] ?? 0, visible(cell))))
  return rows.map((row) => indent + row.map((cell, n) => (n === row.length - 1 ? cell : cell + ' '.repeat(widths[n] - visible(cell)))).join('  ').trimEnd())
}

const shorten = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`)
/** Long destinations keep their end (the queue, topic or stream name). */
const shortenLeft = (text: string, max: number) => (text.length <= max ? text : `…${text.slice(text.length - max + 1)}`)
const count = (value: number) => value.toLocaleString('en-US')

export function renderStatus(view: StatusView, options: RenderOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `\u001B[${ANSI[style][0]}m${text}\u001B[${ANSI[style][1]}m` : text)
  const {report} = view
  const lines: string[] = []
  const fn = report.function
  const code = fn.codeCurrent === null ? 'code: unknown' : fn.codeCurrent ? 'code: current' : paint('yellow', 'code: differs from this version')
  lines.push(
    fn.runtime === null
      ? `${paint('bold', 'Function')} ${fn.name}: ${paint('red', 'not found')}`
      : `${paint('bold', 'Function')} ${fn.name}  ${fn.runtime}  ${fn.memory} MB  ${fn.timeout} s  ${code}`,
  )
  lines.push('', `${paint('bold', 'Sources')} (${report.sources.length} hooked)`)
  if (report.sources.length === 0) lines.push('  none hooked')
  lines.push(
    ...table(
      report.sources.map((source) => [
        source.sourceArn,
        source.state ?? '-',
        source.consumerArn ? `consumer ${source.consumerArn.split('/consumer/')[1]?.replace(/:\d+$/, '')}` : 'shared read',
        source.iteratorAgeMs === null ? 'iterator age -' : `iterator age ${ago(source.iteratorAgeMs)}`,
      ]),
    ),
  )
  lines.push('', `${paint('bold', 'Mappings')} (${report.mappings.length}), sums over the last ${options.sinceText}`)
  if (report.mappings.length === 0) lines.push('  none')
  else {
    const header = ['source', 'id', 'type', 'active', 'destination', ...MAPPING_METRICS, ...(options.terminal ? ['delivered over time'] : [])]
    const rows = report.mappings.map((mapping, n) => {
      const source = mapping.sourceArn.replace(/^arn:[^:]+:[^:]+:[^:]*:\d*:/, '')
      const parked = view.parkedByMapping.get(mappingRefKey(mapping))
      return [
        shorten(source, 28),
        mapping.id,
        mapping.type ?? '?',
        mapping.active === null ? '?' : mapping.active ? paint('green', 'yes') : paint('dim', 'no'),
        shortenLeft(mapping.destination ?? '?', 44) + (mapping.filter ? paint('dim', ' (filter)') : ''),
        ...MAPPING_METRICS.map((metric) => {
          const value = mapping.metrics[metric]
          const text = count(value) + (metric === 'Parked' && parked ? paint('dim', ` [${count(parked)} kept]`) : '')
          return value > 0 && (metric === 'Failed' || metric === 'Parked') ? paint('yellow', text) : text
        }),
        ...(options.terminal ? [paint('green', sparkline(view.series[n]?.Delivered.points ?? [0]))] : []),
      ]
    })
    lines.push(...table([header.map((h) => paint('dim', h)), ...rows]))
  }
  lines.push('')
  const parked = report.parked
  lines.push(
    parked.records === null
      ? `${paint('bold', 'Parked')}: no parking bucket known (deploy creates one; or pass --parking-bucket)`
      : `${paint('bold', 'Parked')}: ${count(parked.records)} record${parked.records === 1 ? '' : 's'} in ${count(parked.objects ?? 0)} object${parked.objects === 1 ? '' : 's'}${view.parkingBucket ? ` (bucket ${view.parkingBucket})` : ''}`,
  )
  lines.push('', report.problems.length ? `${paint('bold', 'Problems')} (${report.problems.length})` : `${paint('bold', 'Problems')}: ${paint('green', 'none')}`)
  for (const problem of report.problems) lines.push(`  ${paint('red', '✖')} ${problem.kind}: ${problem.message}`)
  for (const note of view.notes) lines.push(`  ${paint('dim', `note: ${note}`)}`)
  return lines.join('\n')
}
