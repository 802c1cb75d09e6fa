// What the mapping commands share around their service call: the source selection from flags and
// the follow-up after a write (policy refresh, cache reminder).
import type {AwsClients} from '../aws/clients.js'
import type {SourceSelection} from '../sources/resolve-source.js'
import {refreshPolicyQuietly, TTL_REMINDER} from './after-change.js'

export function sourceSelection(flags: Record<string, unknown>): SourceSelection {
  return {
    source: flags.source as string | undefined,
    'source-arn': flags['source-arn'] as string | undefined,
    'source-type': flags['source-type'] as string | undefined,
  }
}

export async function afterWrite(
  aws: AwsClients,
  names: {functionName: string; tableName: string},
  note: (message: string) => void,
): Promise<void> {
  await refreshPolicyQuietly(aws, names, note)
  note(TTL_REMINDER)
}
