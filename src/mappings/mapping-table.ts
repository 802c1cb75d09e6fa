// The configuration table seen by the CLI: every read paginates to the end, every write uses the
// one mapping schema (runtime/mapping/schema.ts) and a condition so a refused write changes nothing.
import {UserError} from '../errors.js'
import {mappingToItem, parseMappingItem, type Mapping, type MappingItem} from '../../runtime/mapping/schema.js'
import type {AwsClients} from '../aws/clients.js'
import {requireSdk} from '../aws/sdk.js'

export interface TableRow {
  /** The item as stored (plain JavaScript). */
  item: MappingItem
  /** The parsed mapping, or why the row is invalid (rows are listed either way). */
  parsed: ReturnType<typeof parseMappingItem>
}

export class MappingTable {
  constructor(
    private readonly aws: AwsClients,
    readonly tableName: string,
  ) {}

  private async doc() {
    const {DynamoDBClient} = requireSdk<typeof import('@aws-sdk/client-dynamodb')>('@aws-sdk/client-dynamodb')
    const {DynamoDBDocumentClient} = requireSdk<typeof import('@aws-sdk/lib-dynamodb')>('@aws-sdk/lib-dynamodb')
    return DynamoDBDocumentClient.from(this.aws.get(DynamoDBClient), {
      marshallOptions: {removeUndefinedValues: true},
      unmarshallOptions: {wrapNumbers: false},
    })
  }

  /** Translates "table missing" and "endpoint unreachable" into clear errors naming the table. */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') {
        throw new UserError(`Configuration table '${this.tableName}' not found in ${this.aws.region ?? 'the default region'}`, {
          suggestion: 'deploy first, or pass --table/--function/--region',
        })
      }
      const code = (error as {code?: string}).code ?? ''
      if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNRESET'].includes(code)) {
        throw new UserError(`Cannot reach DynamoDB for table '${this.tableName}' (${code})`, {
          suggestion: 'check the network, --region, and --endpoint-url or AWS_ENDPOINT_URL_DYNAMODB',
        })
      }
      throw error
    }
  }

  async listBySource(sourceArn: string): Promise<TableRow[]> {
    const {QueryCommand} = requireSdk<typeof import('@aws-sdk/lib-dynamodb')>('@aws-sdk/lib-dynamodb')
    const doc = await this.doc()
    const rows: TableRow[] = []
    let start: Record<string, unknown> | undefined
    do {
      const page = await this.call(() =>
        doc.send(
          new QueryCommand({
            ExclusiveStartKey: start,
            ExpressionAttributeValues: {':s': sourceArn},
            KeyConditionExpression: 'sourceArn = :s',
            TableName: this.tableName,
          }),
        ),
      )
      for (const item of page.Items ?? []) rows.push({item, parsed: parseMappingItem(item)})
      start = page.LastEvaluatedKey
    } while (start)
    return rows
  }

  async listAll(): Promise<TableRow[]> {
    const {ScanCommand} = requireSdk<typeof import('@aws-sdk/lib-dynamodb')>('@aws-sdk/lib-dynamodb')
    const doc = await this.doc()
    const rows: TableRow[] = []
    let start: Record<string, unknown> | undefined
    do {
      const page = await this.call(() => doc.send(new ScanCommand({ExclusiveStartKey: start, TableName: this.tableName})))
      for (const item of page.Items ?? []) rows.push({item, parsed: parseMappingItem(item)})
      start = page.LastEvaluatedKey
    } while (start)
    return rows.sort((a, b) => `${a.item.sourceArn}|${a.item.id}`.localeCompare(`${b.item.sourceArn}|${b.item.id}`))
  }

  async get(sourceArn: string, id: string): Promise<TableRow | undefined> {
    const {GetCommand} = requireSdk<typeof import('@aws-sdk/lib-dynamodb')>('@aws-sdk/lib-dynamodb')
    const doc = await this.doc()
    const out = await this.call(() => doc.send(new GetCommand({ConsistentRead: true, Key: {id, sourceArn}, TableName: this.tableName})))
    return out.Item ? {item: out.Item, parsed: parseMappingItem(out.Item)} : undefined
  }

  /** Writes a new mapping; refused (nothing written) when the id already exists for the source. */
  async create(mapping: Mapping): Promise<void> {
    const {PutCommand} = requireSdk<typeof import('@aws-sdk/lib-dynamodb')>('@aws-sdk/lib-dynamodb')
    const doc = await this.doc()
    try {
      await this.call(() =>
        doc.send(
          new PutCommand({
            ConditionExpression: 'attribute_not_exists(id)',
            Item: mappingToItem(mapping),
            TableName: this.tableName,
          }),
        ),
      )
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        throw new UserError(`Mapping '${mapping.id}' already exists for ${mapping.sourceArn}`, {
          suggestion: 'changes go through `kinesis-fanout update`; or choose another --id',
        })
      }
      throw error
    }
  }

  /**
   * Sets and removes attributes of an existing mapping; refused (nothing written) when the id does
   * not exist. Only the named attributes change, so attributes this CLI does not know survive.
   */
  async update(sourceArn: string, id: string, set: MappingItem, remove: string[] = []): Promise<void> {
    const {UpdateCommand} = requireSdk<typeof import('@aws-sdk/lib-dynamodb')>('@aws-sdk/lib-dynamodb')
    const doc = await this.doc()
    const names: Record<string, string> = {}
    const values: Record<string, unknown> = {}
    const setParts: string[] = []
    for (const [n, [name, value]] of Object.entries(set).entries()) {
      names[`#a${n}`] = name
      values[`:v${n}`] = value
      setParts.push(`#a${n} = :v${n}`)
    }
    const removeParts = remove.map((name, n) => {
      names[`#r${n}`] = name
      return `#r${n}`
    })
    const expression = [setParts.length ? `SET ${setParts.join(', ')}` : '', removeParts.length ? `REMOVE ${removeParts.join(', ')}` : '']
      .filter(Boolean)
      .join(' ')
    if (!expression) return
    try {
      await this.call(() =>
        doc.send(
          new UpdateCommand({
            ConditionExpression: 'attribute_exists(id)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
            Key: {id, sourceArn},
            TableName: this.tableName,
            UpdateExpression: expression,
          }),
        ),
      )
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        throw new UserError(`Mapping '${id}' not found for ${sourceArn}`, {suggestion: 'list them with `kinesis-fanout list`'})
      }
      throw error
    }
  }

  /** Deletes a mapping; refused when it does not exist. */
  async delete(sourceArn: string, id: string): Promise<void> {
    const {DeleteCommand} = requireSdk<typeof import('@aws-sdk/lib-dynamodb')>('@aws-sdk/lib-dynamodb')
    const doc = await this.doc()
    try {
      await this.call(() =>
        doc.send(new DeleteCommand({ConditionExpression: 'attribute_exists(id)', Key: {id, sourceArn}, TableName: this.tableName})),
      )
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        throw new UserError(`Mapping '${id}' not found for ${sourceArn}`, {suggestion: 'list them with `kinesis-fanout list`'})
      }
      throw error
    }
  }
}
