import {BaseCommand} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {CancelledError, UserError} from '../errors.js'
import type {MappingItem} from '../../runtime/mapping/schema.js'
import {afterWrite, sourceSelection} from '../mappings/command-support.js'
import {idFlag} from '../mappings/flags.js'
import {getExisting, locateMapping} from '../mappings/locate-mapping.js'
import {MappingTable} from '../mappings/mapping-table.js'

export default class Unregister extends BaseCommand<typeof Unregister> {
  static override description = 'Delete a mapping, after confirmation (--yes in scripts). Without a source, the id is looked up across the table.'

  static override enableJsonFlag = true

  static override examples = ['<%= config.bin %> unregister --id to-audit', '<%= config.bin %> unregister --source-type kinesis --source orders --id to-audit --yes']

  static override flags = {
    ...sourceFlags,
    id: {...idFlag, required: true},
  }

  async run(): Promise<MappingItem> {
    const table = new MappingTable(this.aws, this.tableName)
    const key = await locateMapping(sourceSelection(this.flags), this.flags.id, {aws: this.aws, table})
    const {item} = await getExisting(key, table)
    if (!this.flags.yes) {
      if (!this.interactive) throw new UserError(`Refusing to delete mapping '${key.id}' without confirmation: pass --yes`)
      const {inquirerPrompter} = await import('../prompts/prompter.js')
      const message = `Delete mapping '${key.id}' (${String(item.type)} -> ${String(item.destination)}) of ${key.sourceArn}?`
      if (!(await inquirerPrompter().confirm({default: false, message, name: 'delete'}))) throw new CancelledError()
    }
    await table.delete(key.sourceArn, key.id)
    this.log(`Unregistered mapping '${key.id}' of ${key.sourceArn}.`)
    await afterWrite(this.aws, {functionName: this.functionName, tableName: this.tableName}, (m) => this.note(m))
    return item
  }
}
