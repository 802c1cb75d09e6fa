import {Flags} from '@oclif/core'
import {BaseCommand, baseFlagsHiding, FUNCTION_ENV} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {UserError} from '../errors.js'
import type {MappingItem} from '../../runtime/mapping/schema.js'
import {sourceSelection} from '../mappings/command-support.js'
import {lookUpHooks} from '../mappings/hook-state.js'
import {renderMappingList, storedItems} from '../mappings/list-view.js'
import {MappingTable, type TableRow} from '../mappings/mapping-table.js'
import {sourceArnOf} from '../mappings/source-arn.js'
import {hasSourceSelection, type SourceSelection} from '../source-lookup/resolve-source.js'

export default class List extends BaseCommand<typeof List> {
  static override description =
    'Show the mappings of a source (or of every source with --all): a table to read, or with --json the items as stored. Invalid rows are shown with the reason the function skips them.'

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> list --source-type kinesis --source orders',
    '<%= config.bin %> list --all',
    '<%= config.bin %> list --all --json',
  ]

  static override baseFlags = baseFlagsHiding('yes')

  static override flags = {
    ...sourceFlags,
    all: Flags.boolean({description: 'List the mappings of every source.', exclusive: ['source', 'source-arn']}),
  }

  async run(): Promise<MappingItem[]> {
    const table = new MappingTable(this.aws, this.tableName)
    let selection: SourceSelection | 'all' = this.flags.all ? 'all' : sourceSelection(this.flags)
    if (selection !== 'all' && !hasSourceSelection(selection)) {
      if (!this.interactive) throw new UserError('Missing source: give --source-type and --source, --source-arn, or --all')
      selection = await this.askSource()
    }
    let rows: TableRow[]
    let empty: string
    if (selection === 'all') {
      rows = await table.listAll()
      empty = `No mappings in table '${this.tableName}'.`
    } else {
      const arn = await sourceArnOf(selection, this.aws)
      rows = await table.listBySource(arn)
      empty = `No mappings for ${arn} in table '${this.tableName}'.`
    }
    // The hooks are an optional extra (one ListEventSourceMappings), read once the table answered
    // with rows, and only for the text output: --json stays the items as stored.
    const lookup = rows.length && !this.jsonEnabled() && this.knowsFunction() ? await lookUpHooks(this.aws, this.functionName) : undefined
    if (lookup && !lookup.ok) this.note(`Hooks not shown: ${lookup.reason}`)
    this.log(renderMappingList(rows, empty, lookup?.ok ? lookup : undefined))
    return storedItems(rows)
  }

  /**
   * Whether the function reading this table is known: named (--function, --function-arn,
   * KINESIS_FANOUT_FUNCTION), or the table is the default one of the function. A --table of
   * another name says nothing about which function reads it: hooks are not looked up then.
   */
  private knowsFunction(): boolean {
    if (this.flags.function !== undefined || this.flags['function-arn'] || process.env[FUNCTION_ENV]) return true
    return this.tableName === `${this.functionName}Targets`
  }

  private async askSource(): Promise<SourceSelection | 'all'> {
    const [{inquirerPrompter}, {listSourceChoices}] = await Promise.all([import('../prompts/prompter.js'), import('../mappings/source-choices.js')])
    const sources = listSourceChoices(this.aws)
    return inquirerPrompter().search<SourceSelection | 'all'>({
      message: 'Mappings of which source? (type to search)',
      name: 'source',
      async source(term) {
        const all = [{name: 'All sources', value: 'all' as const}, ...(await sources)]
        return term ? all.filter((choice) => choice.name.toLowerCase().includes(term.toLowerCase())) : all
      },
    })
  }
}
