import {strict as assert} from 'node:assert'
import type {Mapping} from '../../../runtime/mapping/schema.js'
import type {CallerContext} from '../../../src/deploy/caller.js'
import {canonicalPolicy, decodePolicyDocument, samePolicy} from '../../../src/deploy/policy-document.js'
import {esDomainArn, publishResources, sqsQueueArn} from '../../../src/deploy/publish-resources.js'
import {planPolicyChanges} from '../../../src/deploy/role.js'
import {desiredRolePolicies, POLICY_NAMES, publishPolicy, streamsPolicy} from '../../../src/deploy/role-policies.js'

const ctx: CallerContext = {account: '111122223333', partition: 'aws', region: 'eu-west-1'}
const cn: CallerContext = {account: '111122223333', partition: 'aws-cn', region: 'cn-north-1'}
const SOURCE = 'arn:aws:kinesis:eu-west-1:111122223333:stream/in'

const mapping = (type: Mapping['type'], destination: string, extra: Partial<Mapping> = {}): Mapping => ({
  active: true,
  appendNewlines: false,
  convertDDB: false,
  deaggregate: false,
  destination,
  id: `${type}-${destination}`.slice(0, 40),
  parallel: true,
  sourceArn: SOURCE,
  type,
  ...extra,
})

describe('execution role policies', () => {
  it('scopes publish rights to each registered destination, names resolved in the caller\'s account, partition and the mapping\'s region', () => {
    const {grants, notes} = publishResources(
      [
        mapping('kinesis', 'out'),
        mapping('kinesis', 'arn:aws:kinesis:us-east-1:444455556666:stream/theirs'),
        mapping('firehose', 'hose', {region: 'us-west-2'}),
        mapping('sqs', 'https://sqs.us-east-2.amazonaws.com/111122223333/q1'),
        mapping('sqs', 'http://localhost:4566/000000000000/local'),
        mapping('sns', 'arn:aws:sns:eu-west-1:111122223333:t'),
        mapping('iot', 'abc-ats.iot.eu-central-1.amazonaws.com#things/a'),
        mapping('lambda', 'worker:live'),
        mapping('es', 'https://search-logs-abcdef123456.eu-west-1.es.amazonaws.com#idx'),
        mapping('es', 'http://localhost:9200#idx'),
        mapping('redis', 'cache:6379'),
        mapping('sns', 'arn:aws:sns:eu-west-1:999988887777:x', {role: 'arn:aws:iam::999988887777:role/w'}),
      ],
      ctx,
    )
    assert.deepEqual(
      grants.map((g) => `${g.action.join('+')} ${g.resource}`),
      [
        'kinesis:PutRecords arn:aws:kinesis:eu-west-1:111122223333:stream/out',
        'kinesis:PutRecords arn:aws:kinesis:us-east-1:444455556666:stream/theirs',
        'firehose:PutRecordBatch arn:aws:firehose:us-west-2:111122223333:deliverystream/hose',
        'sqs:SendMessage arn:aws:sqs:us-east-2:111122223333:q1',
        'sqs:SendMessage arn:aws:sqs:eu-west-1:000000000000:local',
        'sns:Publish arn:aws:sns:eu-west-1:111122223333:t',
        'iot:Publish arn:aws:iot:eu-central-1:111122223333:topic/things/a',
        'lambda:InvokeFunction arn:aws:lambda:eu-west-1:111122223333:function:worker:live',
        'es:ESHttpPost+es:ESHttpPut arn:aws:es:eu-west-1:111122223333:domain/logs/*',
        'sts:AssumeRole arn:aws:iam::999988887777:role/w',
      ],
    )
    assert.equal(notes.length, 1)
    assert.match(notes[0], /localhost:9200.*ESHttpPost/)
  })

  it('uses the caller\'s partition (aws-cn) for names', () => {
    assert.equal(publishResources([mapping('kinesis', 'out')], cn).grants[0].resource, 'arn:aws-cn:kinesis:cn-north-1:111122223333:stream/out')
    assert.equal(sqsQueueArn('https://sqs.cn-north-1.amazonaws.com.cn/111122223333/q', cn, 'cn-north-1'), 'arn:aws-cn:sqs:cn-north-1:111122223333:q')
    assert.equal(esDomainArn('vpc-my-domain-1a2b3c.cn-north-1.es.amazonaws.com.cn', cn), 'arn:aws-cn:es:cn-north-1:111122223333:domain/my-domain/*')
  })

  it('groups grants by action and never grants publish on `*`', () => {
    const {document} = publishPolicy({ctx, mappings: [mapping('kinesis', 'a'), mapping('kinesis', 'b'), mapping('kinesis', 'a', {id: 'again'})]})
    assert.deepEqual(document?.Statement, [
      {Action: ['kinesis:PutRecords'], Effect: 'Allow', Resource: ['arn:aws:kinesis:eu-west-1:111122223333:stream/a', 'arn:aws:kinesis:eu-west-1:111122223333:stream/b'], Sid: 'PublishKinesis'},
    ])
    assert.equal(publishPolicy({ctx, mappings: []}).document, undefined, 'no publish policy without destinations')
  })

  it('scopes stream read to the known sources, and to the account\'s streams when none is known', () => {
    const ddbStream = 'arn:aws:dynamodb:eu-west-1:111122223333:table/users/stream/2026-01-01T00:00:00.000'
    const scoped = streamsPolicy({ctx, sourceArns: [SOURCE, ddbStream, SOURCE]})
    assert.deepEqual(scoped.Statement[0].Resource, [SOURCE, `${SOURCE}/consumer/*`])
    assert.deepEqual(scoped.Statement[1].Resource, [ddbStream])
    // ListStreams has no resource type: the one `*`.
    assert.deepEqual(scoped.Statement[2], {Action: ['dynamodb:ListStreams', 'kinesis:ListStreams'], Effect: 'Allow', Resource: ['*'], Sid: 'ListStreams'})
    const none = streamsPolicy({ctx, sourceArns: []})
    assert.deepEqual(none.Statement[0].Resource, ['arn:aws:kinesis:eu-west-1:111122223333:stream/*'])
  })

  it('adds the VPC policy only in VPC mode', () => {
    const base = {ctx, functionName: 'f', mappings: [], sourceArns: [], tableName: 'fTargets'}
    assert.ok(!desiredRolePolicies({...base, vpc: false}).policies.has(POLICY_NAMES.vpc))
    assert.ok(desiredRolePolicies({...base, vpc: true}).policies.has(POLICY_NAMES.vpc))
  })

  it('compares documents as IAM returns them (URL-encoded, single values, any key order)', () => {
    const ours = {Statement: [{Action: ['dynamodb:Query'], Effect: 'Allow', Resource: ['arn:x']}], Version: '2012-10-17'}
    const theirs = encodeURIComponent(JSON.stringify({Version: '2012-10-17', Statement: [{Resource: 'arn:x', Effect: 'Allow', Action: 'dynamodb:Query'}]}))
    assert.ok(samePolicy(decodePolicyDocument(theirs), ours))
    assert.notEqual(canonicalPolicy(ours), canonicalPolicy({...ours, Statement: [{...ours.Statement[0], Resource: ['arn:y']}]}))
  })

  it('plans create / update / unchanged / delete, and removes the Bash-era policies on a full deploy', () => {
    const desired = desiredRolePolicies({ctx, functionName: 'f', mappings: [], sourceArns: [], tableName: 't', vpc: false}).policies
    const current = new Map<string, unknown>([
      [POLICY_NAMES.config, desired.get(POLICY_NAMES.config)],
      [POLICY_NAMES.logs, {Statement: [], Version: '2012-10-17'}],
      [POLICY_NAMES.publish, {Statement: [], Version: '2012-10-17'}],
      ['PublishData', {}],
    ])
    const changes = planPolicyChanges(current, desired)
    assert.deepEqual(
      changes.map((c) => `${c.action} ${c.name}`),
      ['unchanged fanout-read-config', 'update fanout-logs', 'delete fanout-publish', 'create fanout-read-streams', 'delete PublishData'],
    )
    const refreshOnly = planPolicyChanges(current, desired, [POLICY_NAMES.publish], false)
    assert.deepEqual(refreshOnly.map((c) => `${c.action} ${c.name}`), ['delete fanout-publish'])
  })
})

describe('execution role policies: on-failure destinations of event source mappings', () => {
  it('grants sending to each on-failure destination, merged with the publish rights, Sids unique', () => {
    const {document} = publishPolicy({
      ctx,
      mappings: [mapping('sqs', 'https://sqs.eu-west-1.amazonaws.com/111122223333/out')],
      onFailureDestinations: ['arn:aws:sqs:eu-west-1:111122223333:dlq', 'arn:aws:sns:eu-west-1:111122223333:alarm', 'arn:aws:s3:::failures', 'arn:aws:sqs:eu-west-1:111122223333:dlq'],
    })
    assert.deepEqual(
      document?.Statement.map((s) => [s.Sid, s.Action, s.Resource]),
      [
        ['OnFailureS3List', ['s3:ListBucket'], ['arn:aws:s3:::failures']],
        ['OnFailureS3Put', ['s3:PutObject'], ['arn:aws:s3:::failures/*']],
        ['PublishSns', ['sns:Publish'], ['arn:aws:sns:eu-west-1:111122223333:alarm']],
        ['PublishSqs', ['sqs:SendMessage'], ['arn:aws:sqs:eu-west-1:111122223333:dlq', 'arn:aws:sqs:eu-west-1:111122223333:out']],
      ],
    )
  })
})
