// Lambda event factories: Kinesis, DynamoDB Streams and SNS events shaped as Lambda delivers them.

export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'

export const kinesisStreamArn = (name: string, region = REGION, partition = 'aws') =>
  `arn:${partition}:kinesis:${region}:${ACCOUNT}:stream/${name}`
export const dynamodbStreamArn = (table: string, region = REGION) =>
  `arn:aws:dynamodb:${region}:${ACCOUNT}:table/${table}/stream/2024-01-01T00:00:00.000`
export const snsTopicArn = (name: string, region = REGION) => `arn:aws:sns:${region}:${ACCOUNT}:${name}`

/** A sequence number that grows with n, shaped like Kinesis ones (56 digits). */
export const sequenceNumber = (n: number) => `4959${String(n).padStart(52, '0')}`

export interface KinesisInput {
  data: Buffer | string
  partitionKey?: string
  /** Base64 text used as is (to make invalid records). */
  rawData?: string
}

export function kinesisRecord(streamArn: string, n: number, input: KinesisInput) {
  const data = typeof input.data === 'string' ? Buffer.from(input.data) : input.data
  return {
    awsRegion: REGION,
    eventID: `shardId-000000000000:${sequenceNumber(n)}`,
    eventName: 'aws:kinesis:record',
    eventSource: 'aws:kinesis',
    eventSourceARN: streamArn,
    eventVersion: '1.0',
    invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/fanout`,
    kinesis: {
      approximateArrivalTimestamp: 1_700_000_000 + n / 1000,
      data: input.rawData ?? data.toString('base64'),
      kinesisSchemaVersion: '1.0',
      partitionKey: input.partitionKey ?? `key-${n}`,
      sequenceNumber: sequenceNumber(n),
    },
  }
}

export function kinesisEvent(streamArn: string, inputs: Array<KinesisInput | string | Buffer>, firstN = 1) {
  return {
    Records: inputs.map((input, i) =>
      kinesisRecord(streamArn, firstN + i, typeof input === 'string' || Buffer.isBuffer(input) ? {data: input} : input),
    ),
  }
}

export type AttributeValue = Record<string, unknown>

export interface DynamoInput {
  keys: Record<string, AttributeValue>
  newImage?: Record<string, AttributeValue>
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE'
}

export function dynamodbRecord(streamArn: string, n: number, input: DynamoInput) {
  return {
    awsRegion: REGION,
    dynamodb: {
      ApproximateCreationDateTime: 1_700_000_000,
      Keys: input.keys,
      ...(input.newImage ? {NewImage: input.newImage} : {}),
      SequenceNumber: String(100_000_000_000 + n),
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    eventID: `event-${n}`,
    eventName: input.eventName ?? (input.newImage ? 'INSERT' : 'REMOVE'),
    eventSource: 'aws:dynamodb',
    eventSourceARN: streamArn,
    eventVersion: '1.1',
  }
}

export function dynamodbEvent(streamArn: string, inputs: DynamoInput[], firstN = 1) {
  return {Records: inputs.map((input, i) => dynamodbRecord(streamArn, firstN + i, input))}
}

export function snsRecord(topicArn: string, n: number, message: string) {
  return {
    EventSource: 'aws:sns',
    EventSubscriptionArn: `${topicArn}:0b7f3a2e-0000-4000-8000-${String(n).padStart(12, '0')}`,
    EventVersion: '1.0',
    Sns: {
      Message: message,
      MessageAttributes: {},
      MessageId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      Signature: 'EXAMPLE',
      SignatureVersion: '1',
      SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/cert.pem',
      Subject: null,
      Timestamp: '2024-01-01T00:00:00.000Z',
      TopicArn: topicArn,
      Type: 'Notification',
      UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/unsubscribe',
    },
  }
}

export function snsEvent(topicArn: string, messages: string[]) {
  return {Records: messages.map((message, i) => snsRecord(topicArn, i + 1, message))}
}

/** A 1 KiB-ish JSON record. */
export function jsonRecord(n: number, bytes = 1024): string {
  const base = JSON.stringify({id: n, pad: ''})
  return JSON.stringify({id: n, pad: 'x'.repeat(Math.max(0, bytes - base.length))})
}
