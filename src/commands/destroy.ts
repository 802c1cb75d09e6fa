import {Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {CancelledError, UserError} from '../errors.js'
import {Progress} from '../ui/progress.js'

export default class Destroy extends BaseCommand<typeof Destroy> {
  static override description = `Remove the fan-out function and its event source mappings; the configuration table only with --delete-table and the execution role only with --delete-role.

Shows what will be removed and asks for confirmation; without a terminal (scripts, CI) it refuses unless --yes is given, and changes nothing.`

  static override enableJsonFlag = true

  static override examples = ['<%= config.bin %> destroy', '<%= config.bin %> destroy --delete-table --delete-role --yes']

  static override flags = {
    'delete-role': Flags.boolean({description: 'Also delete the execution role deploy created (inline policies first).'}),
    'delete-table': Flags.boolean({description: 'Also delete the configuration table and every mapping in it.'}),
    'dry-run': Flags.boolean({description: 'Print what would be removed and change nothing.'}),
  }

  async run(): Promise<unknown> {
    const {flags} = this
    const {applyDestroy, destroyHasWork, planDestroy, renderDestroyPlan} = await import('../deploy/destroy.js')
    const quiet = this.jsonEnabled()
    const progress = new Progress({quiet})
    const plan = await progress.spin('Reading the current state', () =>
      planDestroy(this.aws, {deleteRole: flags['delete-role'], deleteTable: flags['delete-table'], functionName: this.functionName, tableName: this.tableName}),
    )
    const summary = {
      eventSourceMappings: plan.eventSourceMappings.map((m) => m.UUID),
      function: plan.functionExists ? plan.functionName : undefined,
      notes: plan.notes,
      role: plan.role?.delete ? plan.role.name : undefined,
      table: plan.table?.exists ? plan.table.name : undefined,
    }
    if (!destroyHasWork(plan)) {
      this.log(`Nothing to destroy: function ${plan.functionName} not found${flags['delete-table'] ? ', nor its table' : ''}.`)
      for (const note of plan.notes) this.note(note)
      return {destroyed: false, plan: summary}
    }
    if (!quiet) this.log(renderDestroyPlan(plan))
    if (flags['dry-run']) return {dryRun: true, plan: summary}
    if (!flags.yes) {
      if (!this.interactive) {
        throw new UserError('destroy needs confirmation: rerun with --yes to remove these resources (nothing was changed)')
      }
      const what = [flags['delete-table'] && plan.table?.exists ? 'the table and its mappings' : '', plan.role?.delete ? 'the role' : ''].filter(Boolean).join(' and ')
      if (!(await this.confirm(`Remove function ${plan.functionName}${what ? ` and ${what}` : ''}?`, false))) throw new CancelledError()
    }
    const result = await applyDestroy(this.aws, plan, progress)
    this.log(`Destroyed function ${plan.functionName}${result.deletedTable ? `, table ${plan.table!.name}` : ''}${result.deletedRole ? `, role ${plan.role!.name}` : ''}.`)
    return {destroyed: true, ...result}
  }
}
