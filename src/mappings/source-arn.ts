// A source selection as the ARN string the table is keyed by.
import type {Arn} from '../../runtime/mapping/arn.js'
import type {AwsClients} from '../aws/clients.js'
import {resolveSourceArn, type SourceSelection} from '../source-lookup/resolve-source.js'

/** The ARN text of a parsed ARN (parseArn keeps every part, so this is the string it parsed). */
export const arnString = (arn: Arn): string => `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`

export async function sourceArnOf(selection: SourceSelection, aws: AwsClients): Promise<string> {
  return arnString(await resolveSourceArn(selection, aws))
}
