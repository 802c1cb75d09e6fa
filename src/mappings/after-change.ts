// What follows a successful change of the table: refresh the function role's publish policy (so
// the function may reach the new destinations) and remind that the function caches mappings.
// Neither may fail the mapping command: the table is already written.
import type {AwsClients} from '../aws/clients.js'

type RefreshPublishPolicy = (
  aws: AwsClients,
  options: {functionName: string; tableName: string},
) => Promise<{updated: boolean; roleName?: string; skipped?: string}>

// Loaded by a computed path: the deploy module is optional for mapping commands.
const PUBLISH_POLICY_MODULE = '../deploy/publish-policy.js'

export const TTL_REMINDER =
  'The function caches mappings for FANOUT_CONFIG_TTL_SECONDS (default 60 s): the change takes effect within that time.'

export async function refreshPolicyQuietly(
  aws: AwsClients,
  options: {functionName: string; tableName: string},
  note: (message: string) => void,
): Promise<void> {
  let refresh: RefreshPublishPolicy | undefined
  try {
    refresh = ((await import(PUBLISH_POLICY_MODULE)) as {refreshPublishPolicy?: RefreshPublishPolicy}).refreshPublishPolicy
  } catch {
    return
  }
  if (!refresh) return
  try {
    const result = await refresh(aws, options)
    if (result.updated) note(`Updated the publish policy of role ${result.roleName ?? ''} for the current destinations.`.replace('  ', ' '))
  } catch (error) {
    const reason = (error as Error)?.message?.split('\n')[0] ?? String(error)
    note(`Note: the function role's publish policy was not refreshed (${reason}); run \`kinesis-fanout deploy\` to refresh it.`)
  }
}
