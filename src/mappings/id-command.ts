// What the commands that act on one existing mapping share (activate, deactivate, set-active,
// unregister): --id with the source flags, the mapping's key (with a source selection it is that
// source's; without one the id is looked up across the table, see locate-mapping.ts), and the
// follow-up every mapping write gets (policy refresh, cache reminder).
import {BaseCommand} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {afterWrite, sourceSelection} from './command-support.js'
import {existingIdFlag} from './flags.js'
import {locateMapping, type MappingKey} from './locate-mapping.js'
import {MappingTable} from './mapping-table.js'

export abstract class MappingIdCommand extends BaseCommand<typeof MappingIdCommand> {
  static override enableJsonFlag = true

  static override flags = {
    ...sourceFlags,
    id: existingIdFlag,
  }

  /** The configuration table and the key of the mapping the flags name. */
  protected async locate(): Promise<{key: MappingKey; table: MappingTable}> {
    const table = new MappingTable(this.aws, this.tableName)
    const key = await locateMapping(sourceSelection(this.flags), this.flags.id, {aws: this.aws, table})
    return {key, table}
  }

  protected afterWrite(): Promise<void> {
    return afterWrite(this.aws, {functionName: this.functionName, tableName: this.tableName}, (m) => this.note(m))
  }
}

/** activate, deactivate and set-active: they differ only in where `active` comes from. */
export abstract class ActiveCommand extends MappingIdCommand {
  /** The value to write; read before anything else. */
  protected abstract readonly active: boolean

  async run(): Promise<MappingKey & {active: boolean}> {
    const {active} = this
    const {key, table} = await this.locate()
    // One conditional update of `active`: a missing id is refused.
    await table.update(key.sourceArn, key.id, {active})
    this.log(`Mapping '${key.id}' of ${key.sourceArn} is now ${active ? 'active' : 'inactive'}.`)
    await this.afterWrite()
    return {...key, active}
  }
}
