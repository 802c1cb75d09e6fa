import {BaseCommand, baseFlagsHiding} from '../base-command.js'
import {mappingPropertyFlags, removePropertyFlags, skipRoleUpdateFlag, sourceFlags} from '../cli/flags.js'
import type {MappingItem} from '../../runtime/mapping/schema.js'
import {redactMapping} from '../../runtime/mapping/redact.js'
import {PROPERTY_BY_ATTRIBUTE, type PropertyAttribute} from '../../runtime/mapping/properties.js'
import {formatChange, roleBeforeWrite, sourceSelection, TTL_REMINDER_NOTE} from '../mappings/command-support.js'
import {existingIdFlag, indexFlag} from '../mappings/flags.js'
import {askMappingKey} from '../mappings/ask-mapping.js'
import {MappingTable} from '../mappings/mapping-table.js'
import {propertiesFromFlags, removalsFromFlags} from '../mappings/properties.js'
import {updateMapping} from '../mappings/update-mapping.js'

export default class Update extends BaseCommand<typeof Update> {
  static override description =
    "Change properties of an existing mapping (only the given ones; --no-X turns a property off or removes it). The result is checked before it is written; a missing id is refused. The function role's publish policy is updated first. At a terminal, a missing source or id is asked from a list."

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> update --source-type kinesis --source orders --id to-audit --collapse JSON',
    '<%= config.bin %> update --id to-audit --no-parallel --destination other-queue',
    '<%= config.bin %> update --id cross --no-destination-role-arn --destination-region eu-west-1',
    '<%= config.bin %> update --id to-audit --filter \'{"data":{"type":["order"]}}\' --park-after 5m',
    '<%= config.bin %> update --id to-audit --no-filter --no-park-after',
  ]

  static override baseFlags = baseFlagsHiding('yes')

  static override flags = {
    ...sourceFlags,
    id: existingIdFlag,
    index: indexFlag,
    ...mappingPropertyFlags,
    ...removePropertyFlags,
    ...skipRoleUpdateFlag,
  }

  async run(): Promise<MappingItem> {
    const {flags} = this
    const table = new MappingTable(this.aws, this.tableName)
    const changes = {destination: flags.destination, index: flags.index, properties: propertiesFromFlags(flags), remove: removalsFromFlags(flags)}
    const nothing = changes.destination === undefined && Object.keys(changes.properties).length === 0 && changes.remove.length === 0
    const key = await askMappingKey(sourceSelection(flags), flags.id, {
      alsoMissing: nothing && flags.id === undefined ? ['a change (--destination or a property flag, see `kinesis-fanout update --help`)'] : [],
      aws: this.aws,
      interactive: this.interactive,
      table,
    })
    const result = await updateMapping(
      key,
      changes,
      {
        aws: this.aws,
        beforeWrite: roleBeforeWrite(this.aws, {functionName: this.functionName, skipRoleUpdate: flags['skip-role-update'], tableName: this.tableName}, (m) => this.note(m)),
        functionName: this.functionName,
        table,
      },
    )
    // The CLI's own marker (collapseSetBy) is not a change the user asked for: not shown.
    const asked = Object.entries(result.set).filter(([name]) => !PROPERTY_BY_ATTRIBUTE[name as PropertyAttribute]?.internal)
    const shown = [...asked.map(([name, value]) => formatChange(name, value, result.after)), ...result.removed.map((name) => `${name} removed`)]
    this.log(`Updated mapping '${key.id}' of ${key.sourceArn}: ${shown.join(', ') || 'no change'}`)
    this.note(TTL_REMINDER_NOTE)
    return redactMapping(result.after)
  }
}
