import {BaseCommand} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {runSetActive} from '../mappings/active-command.js'
import {sourceSelection} from '../mappings/command-support.js'
import {idFlag} from '../mappings/flags.js'

export default class Deactivate extends BaseCommand<typeof Deactivate> {
  static override description = 'Turn a mapping off: the fan-out stops sending to its destination (the mapping stays). Without a source, the id is looked up across the table.'

  static override enableJsonFlag = true

  static override examples = ['<%= config.bin %> deactivate --id to-audit', '<%= config.bin %> deactivate --source-type kinesis --source orders --id to-audit']

  static override flags = {
    ...sourceFlags,
    id: {...idFlag, required: true},
  }

  async run(): Promise<{sourceArn: string; id: string; active: boolean}> {
    return runSetActive(sourceSelection(this.flags), this.flags.id, false, {
      aws: this.aws,
      functionName: this.functionName,
      log: (m) => this.log(m),
      note: (m) => this.note(m),
      tableName: this.tableName,
    })
  }
}
