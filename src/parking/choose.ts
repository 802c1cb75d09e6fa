// At a terminal, `replay` and `parked --purge` without --id ask which mapping from the parked listing.
import type {ParkedSummary} from './listing.js'

export async function askParkedMapping(rows: ParkedSummary[], message: string): Promise<{sourceArn: string; id: string}> {
  const {inquirerPrompter} = await import('../prompts/prompter.js')
  const choices = rows.map((row) => ({
    name: `${row.id}: ${row.records} record${row.records === 1 ? '' : 's'} since ${row.oldest} (${row.sourceArn})`,
    value: {id: row.id, sourceArn: row.sourceArn},
  }))
  return inquirerPrompter().search({
    message,
    name: 'mapping',
    source: (term) => (term ? choices.filter((choice) => choice.name.toLowerCase().includes(term.toLowerCase())) : choices),
  })
}
