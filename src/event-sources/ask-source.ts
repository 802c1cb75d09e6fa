// The source of tail, hook, unhook, pause, resume: from the flags; at a terminal, when missing, asked
// from a list of the account's streams (as register and list do); in scripts, a usage error naming
// the flags (exit 2).
import type {AwsClients} from '../aws/clients.js'
import {UserError} from '../errors.js'
import {hasSourceSelection, type SourceSelection} from '../source-lookup/resolve-source.js'

export const MISSING_SOURCE = 'Missing source: give --source-type and --source, or --source-arn'

export async function sourceOrAsk(
  selection: SourceSelection,
  aws: AwsClients,
  options: {interactive: boolean; message: string; kind?: 'kinesis' | 'dynamodb'},
): Promise<SourceSelection> {
  if (hasSourceSelection(selection)) return selection
  if (!options.interactive) throw new UserError(MISSING_SOURCE, {exitCode: 2})
  const [{inquirerPrompter}, {listSourceChoices}] = await Promise.all([import('../prompts/prompter.js'), import('../mappings/source-choices.js')])
  const choices = listSourceChoices(aws, options.kind ?? selection['source-type'])
  const chosen = await inquirerPrompter().search<SourceSelection>({
    message: `${options.message} (type to search)`,
    name: 'source',
    async source(term) {
      const all = await choices
      if (all.length === 0) throw new UserError('No Kinesis stream or DynamoDB stream found in this account and region', {suggestion: 'check --region'})
      return term ? all.filter((choice) => choice.name.toLowerCase().includes(term.toLowerCase())) : all
    },
  })
  return {...selection, ...chosen}
}
