// The whole guided register, without a terminal of its own: the wizard fills in what is missing,
// the mapping is resolved and checked, its summary shown, and it is written only after the person
// confirms. Ctrl-C at any question (ExitPromptError) or a "no" at the end writes nothing.
import {CancelledError} from '../errors.js'
import type {Mapping} from '../../runtime/mapping/schema.js'
import type {AwsClients} from '../aws/clients.js'
import type {Prompter} from '../prompts/prompter.js'
import {describeMapping} from './describe-mapping.js'
import type {MappingTable} from './mapping-table.js'
import {alreadyExists, prepareMapping} from './register-mapping.js'
import {completeRegisterInput, type PartialRegisterInput} from './register-wizard.js'

export interface GuidedDeps {
  aws: AwsClients
  table: MappingTable
  prompter: Prompter
  /** Prints the summary. */
  show: (text: string) => void
  /** --yes: no final confirmation. */
  yes?: boolean
  /** The fan-out function (never offered, nor accepted, as a lambda destination). */
  functionName?: string
  /** Runs with the mapping before the row is written (the role's publish policy). */
  beforeWrite?: (mapping: Mapping) => Promise<void>
}

export async function registerGuided(partial: PartialRegisterInput, deps: GuidedDeps): Promise<Mapping> {
  const input = await completeRegisterInput(partial, deps)
  const mapping = await prepareMapping(input, deps)
  if (await deps.table.get(mapping.sourceArn, mapping.id)) throw alreadyExists(mapping)
  deps.show(['The mapping to write:', ...describeMapping(mapping)].join('\n'))
  if (!deps.yes && !(await deps.prompter.confirm({default: true, message: `Write it to table ${deps.table.tableName}?`, name: 'write'}))) {
    throw new CancelledError()
  }
  await deps.beforeWrite?.(mapping)
  await deps.table.create(mapping)
  return mapping
}
