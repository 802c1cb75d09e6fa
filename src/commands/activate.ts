import {BaseCommand} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {runSetActive} from '../mappings/active-command.js'
import {sourceSelection} from '../mappings/command-support.js'
import {idFlag} from '../mappings/flags.js'

export default class Activate extends BaseCommand<typeof Activate> {
  static override description = 'Turn a mapping on: the fan-out starts sending to its destination. Without a source, the id is looked up across the table.'

  static override enableJsonFlag = true

  static override examples = ['<%= config.bin %> activate --id to-audit', '<%= config.bin %> activate --source-type kinesis --source orders --id to-audit']

  static override flags = {
    ...sourceFlags,
    id: {...idFlag, required: true},
  }

  async run(): Promise<{sourceArn: string; id: string; active: boolean}> {
    return runSetActive(sourceSelection(this.flags), this.flags.id, true, {
      aws: this.aws,
      functionName: this.functionName,
      log: (m) => this.log(m),
      note: (m) => this.note(m),
      tableName: this.tableName,
    })
  }
}
