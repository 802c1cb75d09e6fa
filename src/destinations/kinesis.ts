// Kinesis: a stream ARN is stored as given; a name is checked and stored as the name (as the Bash
// CLI did; the runtime then addresses the stream by StreamName, which every emulator supports).
import {allPages, clientFor, lookUp, type DestinationResolver} from './resolver.js'
import {requireSdk} from '../aws/sdk.js'

export const kinesisResolver: DestinationResolver = {
  isQualified: (value) => value.startsWith('arn:'),
  async list(context) {
    const {KinesisClient, ListStreamsCommand} = requireSdk<typeof import('@aws-sdk/client-kinesis')>('@aws-sdk/client-kinesis')
    const client = clientFor(context, KinesisClient)
    const names = await allPages(async (NextToken) => {
      // kinesalite knows ExclusiveStartStreamName but not NextToken: page by name.
      const out = await client.send(new ListStreamsCommand(NextToken ? {ExclusiveStartStreamName: NextToken} : {}))
      const items = out.StreamNames ?? []
      return {items, next: out.HasMoreStreams && items.length ? items.at(-1) : undefined}
    })
    return names.map((name) => ({name, value: name}))
  },
  noun: 'Kinesis stream',
  qualifiedForm: 'a stream ARN',
  async resolveName(name, context) {
    const {DescribeStreamSummaryCommand, KinesisClient} = requireSdk<typeof import('@aws-sdk/client-kinesis')>('@aws-sdk/client-kinesis')
    await lookUp(this, name, context, () => clientFor(context, KinesisClient).send(new DescribeStreamSummaryCommand({StreamName: name})))
    return name
  },
}
