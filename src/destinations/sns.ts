// SNS: a topic ARN is stored; a name is found among the account's topics.
import {allPages, clientFor, lastPart, notFound, type DestinationResolver} from './resolver.js'
import {requireSdk} from '../aws/sdk.js'

async function topicArns(context: Parameters<DestinationResolver['list']>[0]): Promise<string[]> {
  const {ListTopicsCommand, SNSClient} = requireSdk<typeof import('@aws-sdk/client-sns')>('@aws-sdk/client-sns')
  const client = clientFor(context, SNSClient)
  return allPages(async (NextToken) => {
    const out = await client.send(new ListTopicsCommand({NextToken}))
    return {items: (out.Topics ?? []).map((topic) => topic.TopicArn!).filter(Boolean), next: out.NextToken}
  })
}

export const snsResolver: DestinationResolver = {
  isQualified: (value) => value.startsWith('arn:'),
  async list(context) {
    return (await topicArns(context)).map((arn) => ({description: arn, name: lastPart(arn), value: arn}))
  },
  noun: 'SNS topic',
  qualifiedForm: 'a topic ARN',
  async resolveName(name, context) {
    const arn = (await topicArns(context)).find((candidate) => candidate.endsWith(`:${name}`))
    if (!arn) throw notFound(this, name, context)
    return arn
  },
}
