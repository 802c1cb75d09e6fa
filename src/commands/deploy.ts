import {Flags} from '@oclif/core'
import {BaseCommand} from '../base-command.js'
import {CancelledError, UsageError, UserError} from '../errors.js'
import {Progress} from '../ui/progress.js'
import {buildDeployZip} from '../package/deploy-zip.js'
import {FUNCTION_DEFAULTS} from '../deploy/function.js'
import {computeDeployPlan, planChanges} from '../deploy/plan.js'
import {planJson, renderPlan} from '../deploy/render-plan.js'
import {isRoleArn} from '../../runtime/mapping/arn.js'
import type {DeployJson} from '../results.js'
import {DEPLOYABLE_RUNTIMES, deployableRuntime} from '../cli/runtimes.js'

/** Repeatable flags that also take comma-separated lists (`--subnet a,b --subnet c`). */
const splitList = (values?: string[]): string[] | undefined =>
  values?.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean)

export default class Deploy extends BaseCommand<typeof Deploy> {
  static override description = `Create or update the fan-out function, its configuration table and its execution role.

Also creates the parking bucket (unless --no-parking) where the function parks what a target cannot take; see \`parked\` and \`replay\`.

Plans first (create / update / unchanged per resource), shows the plan, then applies it; a second deploy with nothing changed changes nothing. An interactive user confirms the plan; scripts (no terminal, or CI set) proceed without asking, as the Bash CLI did. --dry-run prints the plan with the policy documents and changes nothing.`

  static override enableJsonFlag = true

  static override examples = [
    '<%= config.bin %> deploy --function fanout --region eu-west-1',
    '<%= config.bin %> deploy --dry-run',
    '<%= config.bin %> deploy --memory 512 --architecture arm64 --yes',
    '<%= config.bin %> deploy --subnet subnet-1,subnet-2 --security-group sg-1',
    '<%= config.bin %> deploy --parking-bucket my-parked-records --parking-retention-days 30',
    '<%= config.bin %> deploy --no-parking',
  ]

  static override flags = {
    architecture: Flags.string({description: `Instruction set (default at creation: ${FUNCTION_DEFAULTS.architecture}; afterwards the function keeps its own).`, options: ['x86_64', 'arm64']}),
    'dry-run': Flags.boolean({description: 'Print the plan, policy documents included, and change nothing.'}),
    'exec-role': Flags.string({description: 'Name of the execution role (default <function>Role): created with its policies when missing, used as is when it exists.', exclusive: ['exec-role-arn']}),
    'exec-role-arn': Flags.string({description: 'ARN of an existing execution role to use as is (deploy never changes it).', exclusive: ['exec-role']}),
    parking: Flags.boolean({
      allowNo: true,
      description: 'Park what a target cannot take in an S3 bucket (default). --no-parking: no bucket, and a failing target blocks its source as before.',
    }),
    'parking-bucket': Flags.string({description: 'Parking bucket to use (an existing one is used as is; a missing one is created). Default: the function\'s current one, else <function>-parked-<account>-<region>.'}),
    'parking-retention-days': Flags.integer({description: 'Days before parked records expire (deploy\'s lifecycle rule; default at creation: 14).', min: 1}),
    memory: Flags.integer({description: `Memory in MB (default at creation: ${FUNCTION_DEFAULTS.memory}).`, max: 10_240, min: 128}),
    runtime: Flags.string({description: `Lambda runtime: ${DEPLOYABLE_RUNTIMES.join(', ')} (default at creation: ${FUNCTION_DEFAULTS.runtime}).`}),
    'security-group': Flags.string({description: 'Security group id for VPC mode (repeatable, or comma-separated).', multiple: true}),
    subnet: Flags.string({description: 'Subnet id for VPC mode (repeatable, or comma-separated).', multiple: true}),
    timeout: Flags.integer({description: `Timeout in seconds (default at creation: ${FUNCTION_DEFAULTS.timeout}).`, max: 900, min: 1}),
  }

  async run(): Promise<DeployJson> {
    const {flags} = this
    const runtime = deployableRuntime(flags.runtime)
    if (flags['exec-role-arn'] && !isRoleArn(flags['exec-role-arn'])) {
      throw new UserError(`Invalid --exec-role-arn '${flags['exec-role-arn']}': expected arn:aws:iam::ACCOUNT:role/NAME`)
    }
    const subnets = splitList(flags.subnet)
    const securityGroups = splitList(flags['security-group'])
    if (Boolean(subnets?.length) !== Boolean(securityGroups?.length)) {
      throw new UserError('VPC mode needs both --subnet and --security-group')
    }
    const parking = flags.parking !== false
    if (!parking && (flags['parking-bucket'] || flags['parking-retention-days'] !== undefined)) {
      throw new UsageError('--no-parking cannot be combined with --parking-bucket or --parking-retention-days')
    }
    const quiet = this.jsonEnabled()
    const progress = new Progress({quiet})
    const zip = buildDeployZip()
    zip.catch(() => {}) // awaited in the plan; avoids an unhandled rejection if a read fails first
    const plan = await progress.spin('Reading the current state', () =>
      computeDeployPlan(this.aws, {
        execRole: flags['exec-role'],
        execRoleArn: flags['exec-role-arn'],
        functionName: this.functionName,
        parking: {bucket: flags['parking-bucket'], enabled: parking, retentionDays: flags['parking-retention-days']},
        settings: {architecture: flags.architecture, memory: flags.memory, runtime, securityGroups, subnets, timeout: flags.timeout},
        tableName: this.tableName,
        zip,
      }),
    )
    if (!quiet) this.log(renderPlan(plan, {documents: flags['dry-run']}))
    if (flags['dry-run']) return {dryRun: true, plan: planJson(plan)}
    if (!planChanges(plan)) {
      this.log(`Nothing to change: function ${plan.functionName} is up to date.`)
      const {unchangedResult} = await import('../deploy/apply.js')
      return {...unchangedResult(plan), notices: plan.notices}
    }
    if (this.interactive && !flags.yes) {
      if (!(await this.confirm('Apply this plan?', true))) throw new CancelledError()
    }
    const {applyDeployPlan} = await import('../deploy/apply.js')
    const result = await applyDeployPlan(this.aws, plan, progress)
    this.log(`Deployed ${result.functionName} (CodeSha256 ${result.codeSha256}); mappings in table ${result.tableName}${result.parkingBucket ? `; parking in bucket ${result.parkingBucket}` : ''}.`)
    return {...result, notices: plan.notices}
  }
}
