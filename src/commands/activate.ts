import {ActiveCommand} from '../mappings/id-command.js'

export default class Activate extends ActiveCommand {
  static override description = 'Turn a mapping on: the fan-out starts sending to its destination. Without a source, the id is looked up across the table.'

  static override examples = ['<%= config.bin %> activate --id to-audit', '<%= config.bin %> activate --source-type kinesis --source orders --id to-audit']

  protected readonly active = true
}
