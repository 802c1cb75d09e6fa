// What the function needs to reach each registered destination: the IAM action and the ARN of the
// destination, resolved from names with the caller's account and partition and the mapping's region
// (or the function's). Mappings that name a role only need sts:AssumeRole: the rights to publish then
// belong to that role, in the other account.
import {parseArn} from '../../runtime/mapping/arn.js'
import {splitEndpoint, type Mapping} from '../../runtime/mapping/schema.js'
import type {CallerContext} from './caller.js'

export interface PublishGrant {
  action: string[]
  resource: string
}

export interface PublishResources {
  grants: PublishGrant[]
  /** Why some mapping got no statement (the user grants it by hand). */
  notes: string[]
}

const ACTIONS = {
  es: ['es:ESHttpPost', 'es:ESHttpPut'],
  firehose: ['firehose:PutRecordBatch'],
  iot: ['iot:Publish'],
  kinesis: ['kinesis:PutRecords'],
  lambda: ['lambda:InvokeFunction'],
  sns: ['sns:Publish'],
  // SendMessageBatch is authorised by sqs:SendMessage.
  sqs: ['sqs:SendMessage'],
  sts: ['sts:AssumeRole'],
} as const

function arnOrName(value: string, service: string, build: (name: string) => string): string {
  const arn = parseArn(value)
  return arn && arn.service === service ? value : build(value)
}

/** https://sqs.REGION.amazonaws.com/ACCOUNT/NAME (or any host: emulators) -> arn:PART:sqs:REGION:ACCOUNT:NAME */
export function sqsQueueArn(url: string, ctx: CallerContext, region: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  const [account, name] = parsed.pathname.split('/').filter(Boolean)
  if (!account || !name) return undefined
  const hostRegion =
    /^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(parsed.hostname)?.[1] ??
    /^([a-z0-9-]+)\.queue\.amazonaws\.com(\.cn)?$/.exec(parsed.hostname)?.[1]
  return `arn:${ctx.partition}:sqs:${hostRegion ?? region}:${account}:${name}`
}

/** search-DOMAIN-HASH.REGION.es.amazonaws.com (or vpc-...) -> arn:PART:es:REGION:ACCOUNT:domain/DOMAIN/* */
export function esDomainArn(endpoint: string, ctx: CallerContext): string | undefined {
  const host = endpoint.replace(/^https?:\/\//, '').replace(/[:/].*$/, '')
  const match = /^(?:search|vpc)-([a-z][a-z0-9-]{2,27})-[a-z0-9]+\.([a-z0-9-]+)\.(?:es|aos)\.amazonaws\.com(\.cn)?$/.exec(host)
  return match ? `arn:${ctx.partition}:es:${match[2]}:${ctx.account}:domain/${match[1]}/*` : undefined
}

/** ACCOUNT-ats.iot.REGION.amazonaws.com#a/b -> arn:PART:iot:REGION:ACCOUNT:topic/a/b */
export function iotTopicArn(destination: string, ctx: CallerContext, region: string): string | undefined {
  const parts = splitEndpoint(destination)
  if (!parts) return undefined
  const host = parts.endpoint.replace(/^https?:\/\//, '').replace(/[:/].*$/, '')
  const hostRegion = /\.iot\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(host)?.[1]
  return `arn:${ctx.partition}:iot:${hostRegion ?? region}:${ctx.account}:topic/${parts.rest}`
}

export function publishResources(mappings: Mapping[], ctx: CallerContext): PublishResources {
  const grants: PublishGrant[] = []
  const notes: string[] = []
  for (const mapping of mappings) {
    const region = mapping.region ?? ctx.region
    const {account, partition} = ctx
    const destination = mapping.destination
    if (mapping.role) {
      grants.push({action: [...ACTIONS.sts], resource: mapping.role})
      continue
    }
    switch (mapping.type) {
      case 'kinesis':
        grants.push({
          action: [...ACTIONS.kinesis],
          resource: arnOrName(destination, 'kinesis', (name) => `arn:${partition}:kinesis:${region}:${account}:stream/${name}`),
        })
        break
      case 'firehose':
        grants.push({
          action: [...ACTIONS.firehose],
          resource: arnOrName(destination, 'firehose', (name) => `arn:${partition}:firehose:${region}:${account}:deliverystream/${name}`),
        })
        break
      case 'lambda':
        grants.push({
          action: [...ACTIONS.lambda],
          resource: arnOrName(destination, 'lambda', (name) => `arn:${partition}:lambda:${region}:${account}:function:${name}`),
        })
        break
      case 'sns':
        grants.push({action: [...ACTIONS.sns], resource: destination})
        break
      case 'sqs': {
        const arn = sqsQueueArn(destination, ctx, region)
        if (arn) grants.push({action: [...ACTIONS.sqs], resource: arn})
        else notes.push(`mapping ${mapping.id}: no queue ARN can be derived from '${destination}'`)
        break
      }
      case 'iot': {
        const arn = iotTopicArn(destination, ctx, region)
        if (arn) grants.push({action: [...ACTIONS.iot], resource: arn})
        break
      }
      case 'es': {
        const parts = splitEndpoint(destination)
        const arn = parts && esDomainArn(parts.endpoint, ctx)
        if (arn) grants.push({action: [...ACTIONS.es], resource: arn})
        else {
          notes.push(
            `mapping ${mapping.id}: the OpenSearch domain ARN cannot be derived from '${parts?.endpoint ?? destination}'; grant es:ESHttpPost/ESHttpPut on it yourself (or use the domain's access policy)`,
          )
        }
        break
      }
      case 'memcached':
      case 'redis':
        // Reached over the network inside the VPC: no IAM action.
        break
    }
  }
  return {grants, notes}
}

/**
 * Where Lambda sends what an event source mapping gives up (--on-failure): it does so with the
 * function's role, and checks the right when the mapping is created or updated.
 */
export function onFailureGrants(destinations: string[]): PublishGrant[] {
  const grants: PublishGrant[] = []
  for (const destination of [...new Set(destinations)]) {
    const arn = parseArn(destination)
    if (arn?.service === 'sqs') grants.push({action: ['sqs:SendMessage'], resource: destination})
    else if (arn?.service === 'sns') grants.push({action: ['sns:Publish'], resource: destination})
    else if (arn?.service === 's3') {
      grants.push({action: ['s3:ListBucket'], resource: destination})
      grants.push({action: ['s3:PutObject'], resource: `${destination}/*`})
    }
  }
  return grants
}
