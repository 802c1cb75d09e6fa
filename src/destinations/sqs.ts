// SQS: a queue URL is stored; a name is turned into its URL (GetQueueUrl).
import {allPages, clientFor, lastPart, lookUp, type DestinationResolver} from './resolver.js'
import {requireSdk} from '../aws/sdk.js'

export const sqsResolver: DestinationResolver = {
  isQualified: (value) => /^https?:\/\//.test(value),
  async list(context) {
    const {ListQueuesCommand, SQSClient} = requireSdk<typeof import('@aws-sdk/client-sqs')>('@aws-sdk/client-sqs')
    const client = clientFor(context, SQSClient)
    const urls = await allPages(async (NextToken) => {
      const out = await client.send(new ListQueuesCommand({MaxResults: 1000, NextToken}))
      return {items: out.QueueUrls ?? [], next: out.NextToken}
    })
    return urls.map((url) => ({description: url, name: lastPart(url), value: url}))
  },
  noun: 'SQS queue',
  qualifiedForm: 'a queue URL',
  async resolveName(name, context) {
    const {GetQueueUrlCommand, SQSClient} = requireSdk<typeof import('@aws-sdk/client-sqs')>('@aws-sdk/client-sqs')
    const queueUrl = () => clientFor(context, SQSClient).send(new GetQueueUrlCommand({QueueName: name}))
    const out = await lookUp(this, name, context, queueUrl, 'QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue')
    return out.QueueUrl!
  },
}
