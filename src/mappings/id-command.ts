// What the commands that act on one existing mapping share (activate, deactivate, set-active,
// unregister): --id with the source flags, the mapping's key (with a source selection it is that
// source's; without one the id is looked up across the table, see locate-mapping.ts; at a terminal
// a missing id is chosen from a list, see ask-mapping.ts), and the follow-up every write gets.
import {BaseCommand} from '../base-command.js'
import {skipRoleUpdateFlag, sourceFlags} from '../cli/flags.js'
import {UserError} from '../errors.js'
import {askMappingKey} from './ask-mapping.js'
import {afterWrite, roleBeforeWrite, sourceSelection, TTL_REMINDER_NOTE} from './command-support.js'
import {existingIdFlag} from './flags.js'
import {getExisting, type MappingKey} from './locate-mapping.js'
import {MappingTable} from './mapping-table.js'

export abstract class MappingIdCommand extends BaseCommand<typeof MappingIdCommand> {
  static override enableJsonFlag = true

  static override flags = {
    ...sourceFlags,
    id: existingIdFlag,
  }

  /** Values the command misses besides the mapping (named in the same error line in scripts). */
  protected missingBesidesMapping(): string[] {
    return []
  }

  /** The configuration table and the key of the mapping the flags name (asked at a terminal). */
  protected async locate(): Promise<{key: MappingKey; table: MappingTable}> {
    const table = new MappingTable(this.aws, this.tableName)
    const flags = this.flags as {id?: string} & Record<string, unknown>
    const key = await askMappingKey(sourceSelection(flags), flags.id, {
      alsoMissing: this.missingBesidesMapping(),
      aws: this.aws,
      interactive: this.interactive,
      table,
    })
    return {key, table}
  }

  protected afterWrite(): Promise<void> {
    return afterWrite(this.aws, {functionName: this.functionName, tableName: this.tableName}, (m) => this.note(m))
  }
}

/** activate, deactivate and set-active: they differ only in where `active` comes from. */
export abstract class ActiveCommand extends MappingIdCommand {
  /** activate and set-active: they update the role's policy first. */
  static readonly roleFlags = {...MappingIdCommand.flags, ...skipRoleUpdateFlag}

  /** The value to write; asked for (set-active at a terminal) after the mapping is known. */
  protected abstract activeValue(): Promise<boolean>

  async run(): Promise<MappingKey & {active: boolean}> {
    const {key, table} = await this.locate()
    const active = await this.activeValue()
    const row = await getExisting(key, table)
    if (!row.parsed.ok) {
      throw new UserError(`Mapping '${key.id}' of ${key.sourceArn} is invalid (${row.parsed.reason}): the function skips it`, {
        suggestion: 'fix it with `kinesis-fanout update`, or unregister it',
      })
    }
    if (active) {
      // Role policy before row: the function may reach the destination once the row says active.
      const skipRoleUpdate = (this.flags as {'skip-role-update'?: boolean})['skip-role-update']
      await roleBeforeWrite(this.aws, {functionName: this.functionName, skipRoleUpdate, tableName: this.tableName}, (m) => this.note(m))({...row.parsed.mapping, active})
    }
    // One conditional update of `active`: a missing id is refused.
    await table.update(key.sourceArn, key.id, {active})
    this.log(`Mapping '${key.id}' of ${key.sourceArn} is now ${active ? 'active' : 'inactive'}.`)
    if (active) this.note(TTL_REMINDER_NOTE)
    else await this.afterWrite()
    return {...key, active}
  }
}
