// Firehose: a delivery stream ARN is stored as given; a name is checked and stored as the name.
import {clientFor, lookUp, type DestinationResolver} from './resolver.js'
import {requireSdk} from '../aws/sdk.js'

export const firehoseResolver: DestinationResolver = {
  isQualified: (value) => value.startsWith('arn:'),
  async list(context) {
    const {FirehoseClient, ListDeliveryStreamsCommand} = requireSdk<typeof import('@aws-sdk/client-firehose')>('@aws-sdk/client-firehose')
    const client = clientFor(context, FirehoseClient)
    const names: string[] = []
    let start: string | undefined
    for (;;) {
      const out = await client.send(new ListDeliveryStreamsCommand({ExclusiveStartDeliveryStreamName: start, Limit: 100}))
      const page = out.DeliveryStreamNames ?? []
      names.push(...page)
      if (!out.HasMoreDeliveryStreams || page.length === 0 || names.length >= 1000) break
      start = page.at(-1)
    }
    return names.map((name) => ({name, value: name}))
  },
  noun: 'Firehose delivery stream',
  qualifiedForm: 'a delivery stream ARN',
  async resolveName(name, context) {
    const {DescribeDeliveryStreamCommand, FirehoseClient} = requireSdk<typeof import('@aws-sdk/client-firehose')>('@aws-sdk/client-firehose')
    await lookUp(this, name, context, () => clientFor(context, FirehoseClient).send(new DescribeDeliveryStreamCommand({DeliveryStreamName: name})))
    return name
  },
}
