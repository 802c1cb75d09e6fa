// The configuration table: created on demand (key of docs/architecture.md), an existing one used as is (a
// table made by the Bash CLI has provisioned throughput: it keeps it).
import type {AwsClients} from '../aws/clients.js'
import type {CreateTableCommandInput} from '@aws-sdk/client-dynamodb'
import {requireSdk} from '../aws/sdk.js'

export interface TableState {
  exists: boolean
  arn?: string
  billingMode?: string
  /** Key schema differs from sourceArn HASH + id RANGE (the table cannot be the configuration table). */
  keyProblem?: string
}

const ddb = () => requireSdk<typeof import('@aws-sdk/client-dynamodb')>('@aws-sdk/client-dynamodb')

export async function readTable(aws: AwsClients, name: string): Promise<TableState> {
  const {DynamoDBClient, DescribeTableCommand} = ddb()
  try {
    const {Table} = await aws.get(DynamoDBClient).send(new DescribeTableCommand({TableName: name}))
    const keys = (Table?.KeySchema ?? []).map((k) => `${k.AttributeName}:${k.KeyType}`).sort().join(',')
    const keyProblem = keys === 'id:RANGE,sourceArn:HASH' ? undefined : `key schema is ${keys || 'unknown'}, expected sourceArn (HASH) + id (RANGE)`
    return {
      arn: Table?.TableArn,
      billingMode: Table?.BillingModeSummary?.BillingMode ?? (Table?.ProvisionedThroughput?.ReadCapacityUnits ? 'PROVISIONED' : 'PAY_PER_REQUEST'),
      exists: true,
      keyProblem,
    }
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return {exists: false}
    throw error
  }
}

/** The configuration table (docs/architecture.md): key sourceArn (HASH, S) + id (RANGE, S), on-demand billing. */
export function configurationTableDefinition(name: string): CreateTableCommandInput {
  return {
    AttributeDefinitions: [
      {AttributeName: 'sourceArn', AttributeType: 'S'},
      {AttributeName: 'id', AttributeType: 'S'},
    ],
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: [
      {AttributeName: 'sourceArn', KeyType: 'HASH'},
      {AttributeName: 'id', KeyType: 'RANGE'},
    ],
    TableName: name,
  }
}

export async function createTable(aws: AwsClients, name: string, waitSeconds = 120): Promise<string> {
  const {DynamoDBClient, CreateTableCommand, waitUntilTableExists} = ddb()
  const client = aws.get(DynamoDBClient)
  const out = await client.send(new CreateTableCommand(configurationTableDefinition(name)))
  await waitUntilTableExists({client, maxWaitTime: waitSeconds, minDelay: 1}, {TableName: name})
  return out.TableDescription!.TableArn!
}

export async function deleteTable(aws: AwsClients, name: string): Promise<void> {
  const {DynamoDBClient, DeleteTableCommand} = ddb()
  await aws.get(DynamoDBClient).send(new DeleteTableCommand({TableName: name}))
}
