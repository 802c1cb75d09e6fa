// The account's sources for the wizard: Kinesis streams and DynamoDB tables that have a stream,
// listed concurrently; a listing the caller may not read is left out rather than failing the wizard.
import type {AwsClients} from '../aws/clients.js'
import type {Choice} from '../prompts/prompter.js'
import type {SourceSelection} from '../source-lookup/resolve-source.js'
import {requireSdk} from '../aws/sdk.js'

const MAX_TABLES = 100

async function kinesisSources(aws: AwsClients): Promise<Choice<SourceSelection>[]> {
  const {KinesisClient, ListStreamsCommand} = requireSdk<typeof import('@aws-sdk/client-kinesis')>('@aws-sdk/client-kinesis')
  const client = aws.get(KinesisClient)
  const names: string[] = []
  let start: string | undefined
  for (;;) {
    const out = await client.send(new ListStreamsCommand(start ? {ExclusiveStartStreamName: start} : {}))
    const page = out.StreamNames ?? []
    names.push(...page)
    if (!out.HasMoreStreams || page.length === 0 || names.length >= 1000) break
    start = page.at(-1)
  }
  return names.map((name) => ({name: `${name} (Kinesis stream)`, value: {source: name, 'source-type': 'kinesis'}}))
}

async function dynamodbSources(aws: AwsClients): Promise<Choice<SourceSelection>[]> {
  const {DescribeTableCommand, DynamoDBClient, ListTablesCommand} = requireSdk<typeof import('@aws-sdk/client-dynamodb')>('@aws-sdk/client-dynamodb')
  const client = aws.get(DynamoDBClient)
  const tables: string[] = []
  let start: string | undefined
  do {
    const out = await client.send(new ListTablesCommand({ExclusiveStartTableName: start}))
    tables.push(...(out.TableNames ?? []))
    start = out.LastEvaluatedTableName
  } while (start && tables.length < MAX_TABLES)
  const described = await Promise.all(
    tables.slice(0, MAX_TABLES).map((TableName) => client.send(new DescribeTableCommand({TableName})).catch(() => undefined)),
  )
  return described.flatMap((out) => {
    const table = out?.Table
    if (!table?.LatestStreamArn || table.StreamSpecification?.StreamEnabled === false) return []
    return [{description: table.LatestStreamArn, name: `${table.TableName} (DynamoDB stream)`, value: {'source-arn': table.LatestStreamArn}}]
  })
}

export async function listSourceChoices(aws: AwsClients, kind?: string): Promise<Choice<SourceSelection>[]> {
  const listings = await Promise.allSettled([
    kind === 'dynamodb' ? Promise.resolve([]) : kinesisSources(aws),
    kind === 'kinesis' ? Promise.resolve([]) : dynamodbSources(aws),
  ])
  return listings.flatMap((listing) => (listing.status === 'fulfilled' ? listing.value : []))
}
