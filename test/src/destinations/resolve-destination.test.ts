// Call shapes and error paths of the resolvers (the services tier runs them against moto).
import {strict as assert} from 'node:assert'
import {ListTopicsCommand, SNSClient} from '@aws-sdk/client-sns'
import {GetQueueUrlCommand, SQSClient} from '@aws-sdk/client-sqs'
import {mockClient, type AwsClientStub} from 'aws-sdk-client-mock'
import {AwsClients} from '../../../src/aws/clients.js'
import {resolveDestination} from '../../../src/destinations/index.js'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

describe('resolveDestination', () => {
  let sns!: AwsClientStub<SNSClient>
  // Created in before(), not at load: a mock patches the class for the whole process.
  before(() => {
    sns = mockClient(SNSClient)
  })
  let sqs!: AwsClientStub<SQSClient>
  // Created in before(), not at load: a mock patches the class for the whole process.
  before(() => {
    sqs = mockClient(SQSClient)
  })
  const aws = new AwsClients({region: 'us-east-1'})
  beforeEach(() => {
    sns.reset()
    sqs.reset()
  })
  after(() => {
    sns.restore()
    sqs.restore()
  })

  it('finds a topic by name on a later page of ListTopics, in the destination region', async () => {
    sns
      .on(ListTopicsCommand, {NextToken: undefined})
      .resolves({NextToken: 'p2', Topics: [{TopicArn: 'arn:aws:sns:eu-west-1:123456789012:other-orders'}]})
      .on(ListTopicsCommand, {NextToken: 'p2'})
      .resolves({Topics: [{TopicArn: 'arn:aws:sns:eu-west-1:123456789012:orders'}]})
    assert.equal(await resolveDestination('sns', 'orders', {aws, region: 'eu-west-1'}), 'arn:aws:sns:eu-west-1:123456789012:orders')
    assert.equal(sns.commandCalls(ListTopicsCommand).length, 2)
    assert.equal(await sns.call(0).thisValue.config.region(), 'eu-west-1')
  })

  it('takes a URL or ARN as given, without any call', async () => {
    assert.equal(await resolveDestination('sqs', 'https://sqs.us-east-1.amazonaws.com/123456789012/q', {aws}), 'https://sqs.us-east-1.amazonaws.com/123456789012/q')
    assert.equal(await resolveDestination('sns', 'arn:aws:sns:us-east-1:123456789012:t', {aws}), 'arn:aws:sns:us-east-1:123456789012:t')
    assert.equal(sns.calls().length + sqs.calls().length, 0)
  })

  it('refuses a name with a role (another account) without any call, and a malformed ARN', async () => {
    await assert.rejects(resolveDestination('sqs', 'q', {aws, role: 'arn:aws:iam::123456789012:role/r'}), /--destination must be a queue URL/)
    await assert.rejects(resolveDestination('sns', 'arn:aws:sqs:us-east-1:123456789012:q', {aws}), /Invalid --destination for sns: destination .* is not a topic ARN/)
    assert.equal(sqs.calls().length, 0)
  })

  it('turns "no such queue" into a clear refusal, and lets other errors through', async () => {
    sqs.on(GetQueueUrlCommand).rejects(Object.assign(new Error('gone'), {name: 'QueueDoesNotExist'}))
    await assert.rejects(resolveDestination('sqs', 'gone', {aws}), /SQS queue 'gone' not found in us-east-1/)
    sqs.reset()
    sqs.on(GetQueueUrlCommand).rejects(Object.assign(new Error('no'), {name: 'AccessDenied'}))
    await assert.rejects(resolveDestination('sqs', 'q', {aws}), {name: 'AccessDenied'})
  })
})
