// Who and where the caller is: account, partition and region, to turn names into ARNs (tables,
// log groups, destinations) with the same partition the credentials live in (aws, aws-cn, aws-us-gov...).
import {parseArn} from '../../runtime/mapping/arn.js'
import {UserError} from '../errors.js'
import type {AwsClients} from '../aws/clients.js'
import {requireSdk} from '../aws/sdk.js'

export interface CallerContext {
  account: string
  partition: string
  region: string
}

export async function getCallerContext(aws: AwsClients): Promise<CallerContext> {
  const {STSClient, GetCallerIdentityCommand} = requireSdk<typeof import('@aws-sdk/client-sts')>('@aws-sdk/client-sts')
  const sts = aws.get(STSClient)
  const identity = await sts.send(new GetCallerIdentityCommand({}))
  const arn = identity.Arn ? parseArn(identity.Arn) : undefined
  const region = aws.region ?? (await sts.config.region())
  if (!identity.Account || !region) {
    throw new UserError('Could not tell the account or region of the caller', {suggestion: 'pass --region, check your credentials'})
  }
  return {account: identity.Account, partition: arn?.partition ?? 'aws', region}
}

export const tableArn = (ctx: CallerContext, table: string): string =>
  `arn:${ctx.partition}:dynamodb:${ctx.region}:${ctx.account}:table/${table}`

export const roleArn = (ctx: CallerContext, role: string): string => `arn:${ctx.partition}:iam::${ctx.account}:role/${role}`
