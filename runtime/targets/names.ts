// How a destination names its resource and where it lives: a name, or an ARN (whose last path part
// is the name and whose region, when the mapping gives none, is the destination's region).
import {parseArn} from '../mapping/arn.js'
import type {Mapping} from '../mapping/schema.js'

/** `{name}` for a plain name, `{arn, name}` for an ARN `...:<kind>/<name>`. */
export function resourceName(destination: string): {name: string; arn?: string} {
  const arn = parseArn(destination)
  if (!arn) return {name: destination}
  const slash = arn.resource.indexOf('/')
  return {arn: destination, name: slash >= 0 ? arn.resource.slice(slash + 1) : arn.resource}
}

// sqs.eu-west-1.amazonaws.com, eu-west-1.queue.amazonaws.com, sqs.cn-north-1.amazonaws.com.cn
const SQS_HOST = /^(?:sqs\.([a-z0-9-]+)|([a-z0-9-]+)\.queue)\.amazonaws\.com(?:\.cn)?$/

/** The region the destination names (ARN region, AWS queue host), if any. */
export function regionOfDestination(destination: string): string | undefined {
  const arn = parseArn(destination)
  if (arn) return arn.region || undefined
  try {
    const match = SQS_HOST.exec(new URL(destination).hostname)
    return match ? (match[1] ?? match[2]) : undefined
  } catch {
    return undefined
  }
}

/** Where the client for this mapping must point: the mapping's region, else the destination's. */
export function clientDestination(mapping: Mapping): Pick<Mapping, 'region' | 'role' | 'externalId'> {
  const region = mapping.region ?? regionOfDestination(mapping.destination)
  return {externalId: mapping.externalId, region, role: mapping.role}
}
