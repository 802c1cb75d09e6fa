// Destination names resolved against moto server (SNS, SQS, Kinesis, Firehose, Lambda, IoT,
// OpenSearch, ElastiCache): each found and turned into what the table stores, each missing one
// refused naming it; ARNs and URLs taken as given; --destination-region honoured.
import {strict as assert} from 'node:assert'
import {CreateTopicCommand, SNSClient} from '@aws-sdk/client-sns'
import {CreateQueueCommand, SQSClient} from '@aws-sdk/client-sqs'
import {CreateStreamCommand, KinesisClient} from '@aws-sdk/client-kinesis'
import {CreateDeliveryStreamCommand, FirehoseClient} from '@aws-sdk/client-firehose'
import {CreateFunctionCommand, LambdaClient} from '@aws-sdk/client-lambda'
import {CreateDomainCommand, OpenSearchClient} from '@aws-sdk/client-opensearch'
import {CreateRoleCommand, IAMClient} from '@aws-sdk/client-iam'
import {CreateCacheClusterCommand, CreateReplicationGroupCommand, ElastiCacheClient} from '@aws-sdk/client-elasticache'
import {AwsClients} from '../../../src/aws/clients.js'
import {resolveDestination, RESOLVERS} from '../../../src/destinations/index.js'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'
import {useTestAwsEnv} from '../../helpers/emulators.js'
import {unique} from '../mappings/fixture.js'


describe('destination resolvers (moto)', function () {
  const suffix = unique()
  const ROLE = `arn:aws:iam::123456789012:role/fanout-resolvers-${suffix}`
  const name = (base: string) => `${base}-${suffix}`
  let aws: AwsClients
  const client = <C>(Client: new (config: never) => C, region = 'us-east-1') => createClient(Client as never, {endpoint: MOTO_ENDPOINT, region}) as C

  before(async function () {
    await requireService(this, 'moto')
    useTestAwsEnv()
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
    aws = new AwsClients({endpointUrl: MOTO_ENDPOINT, region: 'us-east-1'})
    const trust = {Statement: [{Action: 'sts:AssumeRole', Effect: 'Allow', Principal: {Service: 'lambda.amazonaws.com'}}], Version: '2012-10-17'}
    await client(IAMClient).send(new CreateRoleCommand({AssumeRolePolicyDocument: JSON.stringify(trust), RoleName: `fanout-resolvers-${suffix}`}))
    await Promise.all([
      client(SNSClient).send(new CreateTopicCommand({Name: name('topic')})),
      client(SNSClient, 'eu-west-1').send(new CreateTopicCommand({Name: name('eu-topic')})),
      client(SQSClient).send(new CreateQueueCommand({QueueName: name('queue')})),
      client(KinesisClient).send(new CreateStreamCommand({ShardCount: 1, StreamName: name('stream')})),
      client(FirehoseClient).send(
        new CreateDeliveryStreamCommand({
          DeliveryStreamName: name('hose'),
          ExtendedS3DestinationConfiguration: {BucketARN: `arn:aws:s3:::${name('bucket')}`, RoleARN: ROLE},
        }),
      ),
      client(LambdaClient).send(
        new CreateFunctionCommand({Code: {ZipFile: new Uint8Array([80, 75, 5, 6, ...new Array(18).fill(0)])}, FunctionName: name('fn'), Handler: 'index.handler', Role: ROLE, Runtime: 'nodejs20.x'}),
      ),
      client(OpenSearchClient).send(new CreateDomainCommand({DomainName: name('dom').slice(0, 28)})),
      client(ElastiCacheClient).send(new CreateReplicationGroupCommand({CacheNodeType: 'cache.t3.micro', Engine: 'redis', ReplicationGroupDescription: 'test', ReplicationGroupId: name('rg')})),
      client(ElastiCacheClient).send(new CreateCacheClusterCommand({CacheClusterId: name('kv'), CacheNodeType: 'cache.t3.micro', Engine: 'redis', NumCacheNodes: 1})),
    ])
  })

  it('sns: a topic name becomes its ARN; in --destination-region it is looked up there', async () => {
    assert.equal(await resolveDestination('sns', name('topic'), {aws}), `arn:aws:sns:us-east-1:123456789012:${name('topic')}`)
    assert.equal(await resolveDestination('sns', name('eu-topic'), {aws, region: 'eu-west-1'}), `arn:aws:sns:eu-west-1:123456789012:${name('eu-topic')}`)
    await assert.rejects(resolveDestination('sns', name('eu-topic'), {aws}), new RegExp(`SNS topic '${name('eu-topic')}' not found in us-east-1`))
  })

  it('sqs: a queue name becomes its URL; a missing queue is refused', async () => {
    assert.match(await resolveDestination('sqs', name('queue'), {aws}), new RegExp(`^https?://.*/123456789012/${name('queue')}$`))
    await assert.rejects(resolveDestination('sqs', name('nope'), {aws}), new RegExp(`SQS queue '${name('nope')}' not found`))
  })

  it('kinesis, firehose, lambda: a name is checked and kept; a missing one is refused', async () => {
    assert.equal(await resolveDestination('kinesis', name('stream'), {aws}), name('stream'))
    assert.equal(await resolveDestination('firehose', name('hose'), {aws}), name('hose'))
    assert.equal(await resolveDestination('lambda', name('fn'), {aws}), name('fn'))
    await assert.rejects(resolveDestination('kinesis', name('none'), {aws}), /Kinesis stream '.*' not found/)
    await assert.rejects(resolveDestination('firehose', name('none'), {aws}), /Firehose delivery stream '.*' not found/)
    await assert.rejects(resolveDestination('lambda', name('none'), {aws}), /Lambda function '.*' not found/)
  })

  it('iot: a topic is joined with the account\'s ATS data endpoint', async () => {
    assert.match(await resolveDestination('iot', 'sensors/out', {aws}), /^[a-z0-9-]+(-ats)?\.iot\.us-east-1\.amazonaws\.com#sensors\/out$/)
  })

  it('es: a domain name becomes endpoint#index (Bash-era doctype/index too)', async () => {
    assert.match(await resolveDestination('es', name('dom').slice(0, 28), {aws, index: 'doc/logs'}), /^[^#]+\.[a-z0-9.-]+#doc\/logs$/)
    await assert.rejects(resolveDestination('es', 'missing-domain', {aws, index: 'logs'}), /OpenSearch domain 'missing-domain' not found/)
  })

  it('redis: a replication group becomes its primary endpoint; a single-node cluster is found too', async () => {
    assert.match(await resolveDestination('redis', name('rg'), {aws}), /^[a-z0-9.-]+:\d+$/)
    // moto reports no node endpoint for single-node clusters: the cluster is found, not "not found"
    await assert.rejects(resolveDestination('redis', name('kv'), {aws}), /cluster '.*' has no node endpoint yet/)
  })

  it('memcached and redis: a missing cluster is refused naming it', async () => {
    await assert.rejects(resolveDestination('memcached', name('mc'), {aws}), new RegExp(`'${name('mc')}' not found`))
    await assert.rejects(resolveDestination('redis', name('rd'), {aws}), new RegExp(`'${name('rd')}' not found`))
  })

  it('ARNs and URLs are taken as given, without a look-up', async () => {
    const arn = 'arn:aws-us-gov:sns:us-gov-west-1:123456789012:elsewhere'
    assert.equal(await resolveDestination('sns', arn, {aws, role: ROLE}), arn)
    assert.equal(await resolveDestination('lambda', 'arn:aws:lambda:eu-west-1:123456789012:function:gone', {aws}), 'arn:aws:lambda:eu-west-1:123456789012:function:gone')
  })

  it('lists the account\'s candidates for the wizard', async () => {
    const values = async (type: keyof typeof RESOLVERS) => (await RESOLVERS[type].list({aws})).map((choice) => choice.value)
    assert.ok((await values('sns')).includes(`arn:aws:sns:us-east-1:123456789012:${name('topic')}`))
    assert.ok((await values('sqs')).some((url) => url.endsWith(`/${name('queue')}`)))
    assert.ok((await values('kinesis')).includes(name('stream')))
    assert.ok((await values('firehose')).includes(name('hose')))
    assert.ok((await values('lambda')).includes(name('fn')))
  })
})
