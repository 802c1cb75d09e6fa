// Destination resolution for every target type: one resolver per type, one entry point.
import {UserError} from '../errors.js'
import type {TargetType} from '../../runtime/mapping/schema.js'
import {esResolver} from './es.js'
import {firehoseResolver} from './firehose.js'
import {iotResolver} from './iot.js'
import {kinesisResolver} from './kinesis.js'
import {lambdaResolver} from './lambda.js'
import {memcachedResolver} from './memcached.js'
import {redisResolver} from './redis.js'
import {validated, type DestinationResolver, type ResolveContext} from './resolver.js'
import {snsResolver} from './sns.js'
import {sqsResolver} from './sqs.js'

export type {DestinationResolver, ResolveContext} from './resolver.js'

export const RESOLVERS: Record<TargetType, DestinationResolver> = {
  es: esResolver,
  firehose: firehoseResolver,
  iot: iotResolver,
  kinesis: kinesisResolver,
  lambda: lambdaResolver,
  memcached: memcachedResolver,
  redis: redisResolver,
  sns: snsResolver,
  sqs: sqsResolver,
}

/**
 * The `destination` attribute for what the user gave: an ARN, URL or endpoint is validated and kept
 * as is; a name is looked up (in --destination-region when given) and refused when it does not
 * exist. With a role (another account) names cannot be looked up, as in the Bash CLI.
 */
export async function resolveDestination(type: TargetType, value: string, context: ResolveContext): Promise<string> {
  const resolver = RESOLVERS[type]
  const given = value.trim()
  if (!given) throw new UserError('Missing --destination')
  if (resolver.isQualified(given)) {
    if (type === 'es' && context.index) throw new UserError(`--index is already part of the destination '${given}': give one or the other`)
    return validated(type, given)
  }
  if (type !== 'es' && context.index) throw new UserError('--index only applies to es targets')
  if (context.role) {
    throw new UserError(`With --destination-role-arn, --destination must be ${resolver.qualifiedForm}: the name '${given}' cannot be looked up in another account`)
  }
  return validated(type, await resolver.resolveName(given, context))
}
