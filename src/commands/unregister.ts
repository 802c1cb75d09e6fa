import {CancelledError, UserError} from '../errors.js'
import type {MappingItem} from '../../runtime/mapping/schema.js'
import {MappingIdCommand} from '../mappings/id-command.js'
import {redactDestination, redactMapping} from '../../runtime/mapping/redact.js'
import {getExisting} from '../mappings/locate-mapping.js'

export default class Unregister extends MappingIdCommand {
  static override description = 'Delete a mapping, after confirmation (--yes in scripts). Without a source, the id is looked up across the table; at a terminal a missing id is chosen from a list.'

  static override examples = ['<%= config.bin %> unregister --id to-audit', '<%= config.bin %> unregister --source-type kinesis --source orders --id to-audit --yes']

  async run(): Promise<MappingItem> {
    const {key, table} = await this.locate()
    const {item} = await getExisting(key, table)
    if (!this.flags.yes) {
      if (!this.interactive) throw new UserError(`Refusing to delete mapping '${key.id}' without confirmation: pass --yes`, {exitCode: 2})
      const {inquirerPrompter} = await import('../prompts/prompter.js')
      const message = `Delete mapping '${key.id}' (${String(item.type)} -> ${redactDestination(String(item.type), String(item.destination))}) of ${key.sourceArn}?`
      if (!(await inquirerPrompter().confirm({default: false, message, name: 'delete'}))) throw new CancelledError()
    }
    await table.delete(key.sourceArn, key.id)
    this.log(`Unregistered mapping '${key.id}' of ${key.sourceArn}.`)
    await this.afterWrite()
    return redactMapping(item)
  }
}
