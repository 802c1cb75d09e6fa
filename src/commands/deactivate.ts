import {ActiveCommand} from '../mappings/id-command.js'

export default class Deactivate extends ActiveCommand {
  static override description =
    'Turn a mapping off: the fan-out stops sending to its destination (the mapping stays). Without a source, the id is looked up across the table; at a terminal a missing id is chosen from a list.'

  static override examples = ['<%= config.bin %> deactivate --id to-audit', '<%= config.bin %> deactivate --source-type kinesis --source orders --id to-audit']

  protected async activeValue(): Promise<boolean> {
    return false
  }
}
