// replay runs the runtime's target code on this machine. That code reads its settings as it does in
// Lambda, from the environment (AWS_REGION, AWS_ENDPOINT_URL, the default credential chain), so the
// command's --region, --endpoint-url and --profile are put there first, with the AWS CLI's precedence
// (--profile above AWS_ACCESS_KEY_ID). Only for this process: the CLI exits after the command.
import type {AwsSettings} from '../aws/clients.js'

export function useCommandSettingsForTargets(settings: AwsSettings, env: NodeJS.ProcessEnv = process.env): void {
  if (settings.region) env.AWS_REGION = settings.region
  if (settings.endpointUrl) env.AWS_ENDPOINT_URL = settings.endpointUrl
  if (settings.profile) {
    env.AWS_PROFILE = settings.profile
    delete env.AWS_ACCESS_KEY_ID
    delete env.AWS_SECRET_ACCESS_KEY
    delete env.AWS_SESSION_TOKEN
  }
}
