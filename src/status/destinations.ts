// status: which mappings' destinations no longer exist, checked with the resolvers `register` uses
// (src/destinations): the stored destination's name is looked up in its region, and a refusal
// ("SQS queue 'x' not found in ...") is the reason. Types whose destination is an endpoint (es, iot,
// redis, memcached) and cross-account mappings (role set: names cannot be looked up there) are not
// checked.
import type {AwsClients} from '../aws/clients.js'
import {UserError} from '../errors.js'
import {parseArn} from '../../runtime/mapping/arn.js'
import type {Mapping, TargetType} from '../../runtime/mapping/schema.js'

const CHECKED: readonly TargetType[] = ['sqs', 'sns', 'kinesis', 'firehose', 'lambda']

/** The resource name and region inside a stored destination (queue URL, ARN or plain name). */
export function destinationName(mapping: Pick<Mapping, 'type' | 'destination' | 'region'>): {name: string; region?: string} {
  const value = mapping.destination
  const arn = parseArn(value)
  if (mapping.type === 'sqs') {
    const url = URL.parse(value)
    const region = url ? /^sqs[.-]([a-z0-9-]+)\.amazonaws\.com/.exec(url.hostname)?.[1] : undefined
    return {name: value.split('/').filter(Boolean).pop() ?? value, region: mapping.region ?? region}
  }
  if (arn) {
    const resource = mapping.type === 'lambda' ? arn.resource.replace(/^function:/, '').split(':')[0] : (arn.resource.split(/[:/]/).pop() ?? arn.resource)
    return {name: resource, region: mapping.region ?? (arn.region || undefined)}
  }
  return {name: value, region: mapping.region}
}

export async function missingDestinations(aws: AwsClients, mappings: Mapping[]): Promise<Array<{mapping: Mapping; reason: string}>> {
  const {RESOLVERS} = await import('../destinations/index.js')
  const checks = mappings
    .filter((mapping) => CHECKED.includes(mapping.type) && !mapping.role)
    .map(async (mapping) => {
      const {name, region} = destinationName(mapping)
      try {
        await RESOLVERS[mapping.type].resolveName(name, {aws, region})
        return undefined
      } catch (error) {
        // Only the resolver's own "not found" refusal counts; access denied and the like are not
        // evidence that the destination is gone.
        if (error instanceof UserError) return {mapping, reason: error.message}
        return undefined
      }
    })
  return (await Promise.all(checks)).filter((found) => found !== undefined)
}
