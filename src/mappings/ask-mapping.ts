// The mapping a command acts on (update, set-active, activate, deactivate, unregister): from the
// flags, or at a terminal chosen from a list of the table's mappings (of the given source, or of
// every source); in scripts every missing value is named in one line (exit 2).
import {UserError} from '../errors.js'
import type {AwsClients} from '../aws/clients.js'
import {redactDestination} from '../../runtime/mapping/redact.js'
import {hasSourceSelection, type SourceSelection} from '../source-lookup/resolve-source.js'
import {locateMapping, type MappingKey} from './locate-mapping.js'
import type {MappingTable, TableRow} from './mapping-table.js'
import {sourceArnOf} from './source-arn.js'

/** One usage error naming every missing value: `Missing --id and --active or --no-active`. */
export function missingValues(names: string[], hint?: string): UserError {
  const list = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
  return new UserError(`Missing ${list}${hint ? `: ${hint}` : ''}`, {exitCode: 2})
}

export interface AskDeps {
  aws: AwsClients
  table: MappingTable
  interactive: boolean
  /** Other values the command misses (named in the same line in scripts). */
  alsoMissing?: string[]
}

function label(row: TableRow): string {
  const {item} = row
  const destination = typeof item.destination === 'string' ? redactDestination(String(item.type), item.destination) : '?'
  const state = row.parsed.ok ? (row.parsed.mapping.active ? 'active' : 'inactive') : 'INVALID'
  return `${String(item.id)}  ${String(item.type)} -> ${destination} (${state})`
}

export async function askMappingKey(selection: SourceSelection, id: string | undefined, deps: AskDeps): Promise<MappingKey> {
  const missing = [...(id ? [] : ['--id']), ...(deps.alsoMissing ?? [])]
  if (missing.length && !deps.interactive) throw missingValues(missing, id ? undefined : 'the id of the mapping (see `kinesis-fanout list --all`)')
  if (id) return locateMapping(selection, id, deps)
  const rows = hasSourceSelection(selection) ? await deps.table.listBySource(await sourceArnOf(selection, deps.aws)) : await deps.table.listAll()
  if (rows.length === 0) {
    throw new UserError(`No mappings in table '${deps.table.tableName}'${hasSourceSelection(selection) ? ' for that source' : ''}`, {
      suggestion: 'add one with `kinesis-fanout register`',
    })
  }
  const {inquirerPrompter} = await import('../prompts/prompter.js')
  const several = new Set(rows.map((row) => row.item.sourceArn)).size > 1
  const choices = rows.map((row) => ({
    description: several ? String(row.item.sourceArn) : undefined,
    name: several ? `${label(row)}  [${String(row.item.sourceArn).split(':').pop()}]` : label(row),
    value: {id: String(row.item.id), sourceArn: String(row.item.sourceArn)},
  }))
  return inquirerPrompter().search<MappingKey>({
    message: 'Which mapping? (type to search)',
    name: 'mapping',
    source: (term) => (term ? choices.filter((choice) => choice.name.toLowerCase().includes(term.toLowerCase())) : choices),
  })
}
