import {Flags} from '@oclif/core'
import type {BaseFlags} from '../base-command.js'
import {UserError} from '../errors.js'
import {ActiveCommand, MappingIdCommand} from '../mappings/id-command.js'

export default class SetActive extends ActiveCommand {
  static override description = 'Turn a mapping on (--active) or off (--no-active). Without a source, the id is looked up across the table.'

  static override examples = ['<%= config.bin %> set-active --id to-audit --active', '<%= config.bin %> set-active --source-type kinesis --source orders --id to-audit --no-active']

  static override flags = {
    ...MappingIdCommand.flags,
    active: Flags.boolean({allowNo: true, description: 'Whether the fan-out uses this mapping.'}),
  }

  protected get active(): boolean {
    const {active} = this.flags as BaseFlags<typeof SetActive>
    if (active === undefined) throw new UserError('Missing --active or --no-active')
    return active
  }
}
