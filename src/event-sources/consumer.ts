// hook --consumer NAME: the Kinesis enhanced fan-out consumer an event source mapping reads through
// (a dedicated 2 MB/s per shard, no share of the stream's 5 calls/s and 2 MB/s read limits).
//
// A consumer hook registered carries the tag `kinesis-fanout:registered-by` = the function name, so
// `unhook` deregisters only what hook registered: a consumer that existed before (reused by name) is
// left alone. Kinesis allows 20 consumers per stream; the limit is checked before registering.
import type {Consumer, KinesisClient} from '@aws-sdk/client-kinesis'
import type {AwsClients} from '../aws/clients.js'
import {requireSdk} from '../aws/sdk.js'
import {UserError} from '../errors.js'
import {abortableSleep} from '../../runtime/delivery/sleep.js'

export const CONSUMERS_PER_STREAM = 20
export const REGISTERED_BY_TAG = 'kinesis-fanout:registered-by'
const CONSUMER_NAME = /^[a-zA-Z0-9_.-]{1,128}$/

type KinesisModule = typeof import('@aws-sdk/client-kinesis')
const sdk = () => requireSdk<KinesisModule>('@aws-sdk/client-kinesis')

export interface ConsumerInfo {
  name: string
  arn: string
  status: string
}

export interface EnsuredConsumer {
  consumer: ConsumerInfo
  /** true: registered now (tagged as hook's); false: an existing consumer of that name is used. */
  registered: boolean
}

export function checkConsumerName(name: string): void {
  if (!CONSUMER_NAME.test(name)) {
    throw new UserError(`Invalid --consumer '${name}': 1-128 letters, digits, '_', '.' or '-'`, {exitCode: 2})
  }
}

/** `arn:...:stream/NAME/consumer/CONSUMER:EPOCH` -> the stream ARN and the consumer name. */
export function parseConsumerArn(arn: string): {streamArn: string; name: string} | undefined {
  const match = /^(arn:[^:]+:kinesis:[^:]*:\d{12}:stream\/[^/]+)\/consumer\/([^:]+)(:\d+)?$/.exec(arn)
  return match ? {name: match[2], streamArn: match[1]} : undefined
}

const info = (consumer: Consumer | undefined): ConsumerInfo | undefined =>
  consumer?.ConsumerName && consumer.ConsumerARN ? {arn: consumer.ConsumerARN, name: consumer.ConsumerName, status: consumer.ConsumerStatus ?? 'UNKNOWN'} : undefined

export async function listConsumers(client: KinesisClient, streamArn: string): Promise<ConsumerInfo[]> {
  const {ListStreamConsumersCommand} = sdk()
  const consumers: ConsumerInfo[] = []
  let token: string | undefined
  do {
    const page = await client.send(new ListStreamConsumersCommand(token ? {NextToken: token, StreamARN: streamArn} : {StreamARN: streamArn}))
    for (const consumer of page.Consumers ?? []) {
      const found = info(consumer)
      if (found) consumers.push(found)
    }
    token = page.NextToken
  } while (token)
  return consumers
}

export async function describeConsumer(client: KinesisClient, arn: string): Promise<ConsumerInfo | undefined> {
  const {DescribeStreamConsumerCommand} = sdk()
  try {
    const out = await client.send(new DescribeStreamConsumerCommand({ConsumerARN: arn}))
    const description = out.ConsumerDescription
    return description?.ConsumerName && description.ConsumerARN
      ? {arn: description.ConsumerARN, name: description.ConsumerName, status: description.ConsumerStatus ?? 'UNKNOWN'}
      : undefined
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined
    throw error
  }
}

/**
 * The consumer of that name on the stream, registered when missing (after checking the 20-consumer
 * limit), then waited for until ACTIVE.
 */
export async function ensureConsumer(
  aws: AwsClients,
  options: {streamArn: string; region: string; name: string; functionName: string; timeoutMs?: number; pollMs?: number; onWait?: (status: string) => void},
): Promise<EnsuredConsumer> {
  checkConsumerName(options.name)
  const {KinesisClient, RegisterStreamConsumerCommand} = sdk()
  const client = aws.get(KinesisClient, {region: options.region})
  const existing = await listConsumers(client, options.streamArn).catch((error: unknown) => {
    if ((error as Error).name === 'ResourceNotFoundException') {
      throw new UserError(`Kinesis stream ${options.streamArn} not found`, {suggestion: 'check --source and --region'})
    }
    throw error
  })
  let consumer = existing.find((c) => c.name === options.name)
  let registered = false
  if (consumer?.status === 'DELETING') {
    throw new UserError(`Consumer '${options.name}' of ${options.streamArn} is being deregistered`, {suggestion: 'wait a moment and hook again, or choose another --consumer name'})
  }
  if (!consumer) {
    if (existing.length >= CONSUMERS_PER_STREAM) {
      throw new UserError(
        `Stream ${options.streamArn} already has ${existing.length} enhanced fan-out consumers, the most Kinesis allows (${CONSUMERS_PER_STREAM}): nothing was changed`,
        {suggestion: `reuse one with --consumer NAME (${existing.map((c) => c.name).slice(0, 5).join(', ')}${existing.length > 5 ? ', ...' : ''}), or deregister one`},
      )
    }
    try {
      const out = await client.send(
        new RegisterStreamConsumerCommand({ConsumerName: options.name, StreamARN: options.streamArn, Tags: {[REGISTERED_BY_TAG]: options.functionName}}),
      )
      consumer = info(out.Consumer)
      registered = true
    } catch (error) {
      if ((error as Error).name !== 'ResourceInUseException') throw error
      // Registered meanwhile by someone else: use it.
      consumer = (await listConsumers(client, options.streamArn)).find((c) => c.name === options.name)
    }
    if (!consumer) throw new UserError(`Kinesis did not return the consumer '${options.name}' it registered on ${options.streamArn}`)
  }
  const active = await waitActive(client, consumer, options)
  return {consumer: active, registered}
}

async function waitActive(
  client: KinesisClient,
  consumer: ConsumerInfo,
  options: {timeoutMs?: number; pollMs?: number; onWait?: (status: string) => void},
): Promise<ConsumerInfo> {
  // Kinesis takes a few seconds to several tens of seconds to activate a consumer.
  const deadline = Date.now() + (options.timeoutMs ?? 120_000)
  let current = consumer
  let told: string | undefined
  while (current.status !== 'ACTIVE') {
    if (Date.now() > deadline) {
      throw new UserError(`Consumer '${consumer.name}' is still ${current.status} after ${Math.round((options.timeoutMs ?? 120_000) / 1000)} s`, {
        suggestion: 'run hook again later: the consumer is reused by name',
      })
    }
    // Told once per status (CREATING, then perhaps UPDATING), not on every poll.
    if (told !== current.status) options.onWait?.(current.status)
    told = current.status
    await abortableSleep(options.pollMs ?? 1000)
    const described = await describeConsumer(client, consumer.arn)
    if (!described) throw new UserError(`Consumer '${consumer.name}' disappeared while waiting for it to become ACTIVE`)
    current = described
  }
  return current
}

/** True when hook registered this consumer for this function (its tag says so). */
export async function registeredByHook(aws: AwsClients, consumerArn: string, functionName: string, region: string): Promise<boolean> {
  const {KinesisClient, ListTagsForResourceCommand} = sdk()
  const out = await aws.get(KinesisClient, {region}).send(new ListTagsForResourceCommand({ResourceARN: consumerArn}))
  return (out.Tags ?? []).some((tag) => tag.Key === REGISTERED_BY_TAG && tag.Value === functionName)
}

export async function deregisterConsumer(aws: AwsClients, consumerArn: string, region: string): Promise<void> {
  const {DeregisterStreamConsumerCommand, KinesisClient} = sdk()
  try {
    // By ARN: unambiguous (a consumer re-registered under the same name has another ARN).
    await aws.get(KinesisClient, {region}).send(new DeregisterStreamConsumerCommand({ConsumerARN: consumerArn}))
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error
  }
}
