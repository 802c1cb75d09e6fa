// The readable form of mappings: one table per source, invalid rows shown with their reason (never
// hidden), and a note on sns/sqs/iot rows whose collapse mode the Bash-era function ignored.
import {COLLAPSIBLE_TYPES, type Mapping, type MappingItem} from '../../runtime/mapping/schema.js'
import {FLAG_PROPERTIES, formatDuration} from '../../runtime/mapping/properties.js'
import {MASK, redactDestination, redactMapping} from '../../runtime/mapping/redact.js'
import {shorten} from './command-support.js'
import {shellQuote} from './shell-quote.js'
import {collapseBehaviourChanges} from '../deploy/collapse-notice.js'
import {describeHooks, type SourceHook} from './hook-state.js'
import type {TableRow} from './mapping-table.js'

/**
 * The Bash-era function sent one message per record for every sns, sqs and iot row; rows asking
 * for JSON, concat or concat-b64 (or holding no collapse, which means JSON) now get what they ask.
 */
export const collapseChanged = (mapping: Mapping): boolean => collapseBehaviourChanges([mapping]).length > 0

/** Properties with a column of their own; every other property a flag sets goes into OPTIONS. */
const COLUMNS = new Set(['active', 'collapse', 'parallel', 'filter'])

function options(mapping: Mapping): string {
  const out: string[] = []
  for (const property of FLAG_PROPERTIES) {
    if (COLUMNS.has(property.attribute)) continue
    const value = mapping[property.attribute]
    if (value === undefined || value === false) continue
    if (property.type === 'BOOL') out.push(property.attribute)
    else if (property.secret) out.push(`${property.attribute}=${MASK}`)
    else if (property.attribute === 'parkAfter') out.push(`parkAfter=${formatDuration(value as number)}`)
    else out.push(`${property.attribute}=${String(value)}`)
  }
  return out.join(' ') || '-'
}

function cells(row: TableRow): string[] {
  const {item, parsed} = row
  if (!parsed.ok) {
    const text = (value: unknown) => (value === undefined ? '-' : typeof value === 'string' ? value : JSON.stringify(value))
    const destination = typeof item.destination === 'string' ? redactDestination(String(item.type), item.destination) : text(item.destination)
    return [text(item.id), text(item.type), '-', destination, '-', '-', '-', `INVALID: ${parsed.reason}`]
  }
  const mapping = parsed.mapping
  let collapse = '-'
  if (COLLAPSIBLE_TYPES.includes(mapping.type)) {
    collapse = mapping.collapse ?? 'JSON (default)'
    if (collapseChanged(mapping)) collapse += ' *'
  }
  return [
    mapping.id,
    mapping.type,
    mapping.active ? 'yes' : 'no',
    redactDestination(mapping.type, mapping.destination),
    collapse,
    mapping.parallel ? 'parallel' : 'ordered',
    mapping.filter ? shorten(mapping.filter.replace(/\s+/g, ' ')) : '-',
    options(mapping),
  ]
}

const HEADER = ['ID', 'TYPE', 'ACTIVE', 'DESTINATION', 'COLLAPSE', 'ORDER', 'FILTER', 'OPTIONS']

function table(rows: string[][]): string[] {
  const widths = HEADER.map((_, column) => Math.max(...[HEADER, ...rows].map((row) => row[column].length)))
  return [HEADER, ...rows].map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  '))
}

export const COLLAPSE_NOTE =
  '* The Bash-era function sent one message per record to sns, sqs and iot targets whatever their collapse; these rows now get what they ask for (JSON: {"Records":[...]}, concat, concat-b64; a row without collapse means JSON), which changes what their consumers receive. Keep one message per record with `kinesis-fanout update --id ID --collapse none`.'

/**
 * The mappings, grouped by source, as lines of text. With `hooks` (list's look-up of the function's
 * event source mappings), each source's line also says how the function reads it.
 */
export function renderMappingList(rows: TableRow[], emptyMessage: string, hooks?: {functionName: string; bySource: Map<string, SourceHook[]>}): string {
  if (rows.length === 0) return emptyMessage
  const bySource = new Map<string, TableRow[]>()
  for (const row of rows) {
    const source = String(row.item.sourceArn)
    bySource.set(source, [...(bySource.get(source) ?? []), row])
  }
  const lines: string[] = []
  for (const [source, sourceRows] of bySource) {
    if (lines.length) lines.push('')
    const active = sourceRows.filter((row) => row.parsed.ok && row.parsed.mapping.active).length
    const hook = hooks ? `; ${describeHooks(hooks.functionName, hooks.bySource.get(source))}` : ''
    lines.push(`Source ${source}: ${sourceRows.length} mapping${sourceRows.length === 1 ? '' : 's'}, ${active} active${hook}`)
    lines.push(...table(sourceRows.map(cells)))
  }
  const invalid = rows.filter((row) => !row.parsed.ok).length
  if (invalid) lines.push('', `${invalid} invalid row${invalid === 1 ? '' : 's'}: the function skips ${invalid === 1 ? 'it' : 'them'} (fix with \`kinesis-fanout update\`, or unregister).`)
  const changed = rows.flatMap((row) => (row.parsed.ok && collapseChanged(row.parsed.mapping) ? [row.parsed.mapping] : []))
  if (changed.length) {
    lines.push('', COLLAPSE_NOTE)
    // The follow-up commands, quoted for a shell whatever the ids hold.
    if (changed.length <= 3) for (const m of changed) lines.push(`  kinesis-fanout update --source-arn ${shellQuote(m.sourceArn)} --id ${shellQuote(m.id)} --collapse none`)
  }
  return lines.join('\n')
}

/** The items as stored (filters whole), for --json; without secrets (redacted destination, externalId ****). */
export const storedItems = (rows: TableRow[]): MappingItem[] => rows.map((row) => redactMapping(row.item))
