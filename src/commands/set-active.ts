import {Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {sourceFlags} from '../cli/flags.js'
import {UserError} from '../errors.js'
import {runSetActive} from '../mappings/active-command.js'
import {sourceSelection} from '../mappings/command-support.js'
import {idFlag} from '../mappings/flags.js'

export default class SetActive extends BaseCommand<typeof SetActive> {
  static override description = 'Turn a mapping on (--active) or off (--no-active). Without a source, the id is looked up across the table.'

  static override enableJsonFlag = true

  static override examples = ['<%= config.bin %> set-active --id to-audit --active', '<%= config.bin %> set-active --source-type kinesis --source orders --id to-audit --no-active']

  static override flags = {
    ...sourceFlags,
    active: Flags.boolean({allowNo: true, description: 'Whether the fan-out uses this mapping.'}),
    id: {...idFlag, required: true},
  }

  async run(): Promise<{sourceArn: string; id: string; active: boolean}> {
    if (this.flags.active === undefined) throw new UserError('Missing --active or --no-active')
    return runSetActive(sourceSelection(this.flags), this.flags.id, this.flags.active, this.context())
  }

  private context() {
    return {aws: this.aws, functionName: this.functionName, log: (m: string) => this.log(m), note: (m: string) => this.note(m), tableName: this.tableName}
  }
}
