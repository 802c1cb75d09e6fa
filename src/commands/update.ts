import {BaseCommand} from '../base-command.js'
import {mappingPropertyFlags, sourceFlags} from '../cli/flags.js'
import type {MappingItem} from '../../runtime/mapping/schema.js'
import {afterWrite, sourceSelection} from '../mappings/command-support.js'
import {existingIdFlag, indexFlag, removeFlags} from '../mappings/flags.js'
import {locateMapping} from '../mappings/locate-mapping.js'
import {MappingTable} from '../mappings/mapping-table.js'
import {propertiesFromFlags} from '../mappings/properties.js'
import {updateMapping, type RemovableAttribute} from '../mappings/update-mapping.js'

export default class Update extends BaseCommand<typeof Update> {
  static override description =
    'Change properties of an existing mapping (only the given ones; --no-X turns a property off or removes it). The result is checked before it is written; a missing id is refused.'

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> update --source-type kinesis --source orders --id to-audit --collapse JSON',
    '<%= config.bin %> update --id to-audit --no-parallel --destination other-queue',
    '<%= config.bin %> update --id cross --no-destination-role-arn --destination-region eu-west-1',
  ]

  static override flags = {
    ...sourceFlags,
    id: existingIdFlag,
    index: indexFlag,
    ...mappingPropertyFlags,
    ...removeFlags,
  }

  async run(): Promise<MappingItem> {
    const {flags} = this
    const table = new MappingTable(this.aws, this.tableName)
    const key = await locateMapping(sourceSelection(flags), flags.id, {aws: this.aws, table})
    const remove: RemovableAttribute[] = []
    if (flags['no-destination-region']) remove.push('region')
    if (flags['no-destination-role-arn']) remove.push('role')
    if (flags['no-external-id']) remove.push('externalId')
    const result = await updateMapping(
      key,
      {destination: flags.destination, index: flags.index, properties: propertiesFromFlags(flags), remove},
      {aws: this.aws, table},
    )
    const changes = [
      ...Object.entries(result.set).map(([name, value]) => `${name}=${String(value)}`),
      ...result.removed.map((name) => `${name} removed`),
    ]
    this.log(`Updated mapping '${key.id}' of ${key.sourceArn}: ${changes.join(', ') || 'no change'}`)
    await afterWrite(this.aws, {functionName: this.functionName, tableName: this.tableName}, (m) => this.note(m))
    return result.after
  }
}
