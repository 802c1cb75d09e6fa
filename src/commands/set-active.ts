import {Flags} from '@oclif/core'
import type {BaseFlags} from '../base-command.js'
import {ActiveCommand} from '../mappings/id-command.js'

export default class SetActive extends ActiveCommand {
  static override description =
    "Turn a mapping on (--active) or off (--no-active). Turning it on updates the function role's publish policy first. Without a source, the id is looked up across the table; at a terminal a missing id or state is asked."

  static override examples = ['<%= config.bin %> set-active --id to-audit --active', '<%= config.bin %> set-active --source-type kinesis --source orders --id to-audit --no-active']

  static override flags = {
    ...ActiveCommand.roleFlags,
    active: Flags.boolean({allowNo: true, description: 'Whether the fan-out uses this mapping (the Bash spelling --active true|false works too).'}),
  }

  protected override missingBesidesMapping(): string[] {
    return (this.flags as BaseFlags<typeof SetActive>).active === undefined ? ['--active or --no-active'] : []
  }

  protected async activeValue(): Promise<boolean> {
    const {active} = this.flags as BaseFlags<typeof SetActive>
    if (active !== undefined) return active
    const {inquirerPrompter} = await import('../prompts/prompter.js')
    return inquirerPrompter().select({
      choices: [
        {name: 'active', value: true},
        {name: 'inactive', value: false},
      ],
      message: 'Set the mapping',
      name: 'active',
    })
  }
}
