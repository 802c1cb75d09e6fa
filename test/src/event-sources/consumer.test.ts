import {strict as assert} from 'node:assert'
import type {CallerContext} from '../../../src/deploy/caller.js'
import {streamsPolicy} from '../../../src/deploy/role-policies.js'
import {checkConsumerName, parseConsumerArn} from '../../../src/event-sources/consumer.js'
import {validateHookSettings} from '../../../src/event-sources/settings.js'

const ctx: CallerContext = {account: '111122223333', partition: 'aws', region: 'eu-west-1'}
const STREAM = 'arn:aws:kinesis:eu-west-1:111122223333:stream/orders'
const CONSUMER = `${STREAM}/consumer/fanout-orders:1764582000`

describe('enhanced fan-out consumers (hook --consumer)', () => {
  it('parses consumer ARNs as event source mappings give them', () => {
    assert.deepEqual(parseConsumerArn(CONSUMER), {name: 'fanout-orders', streamArn: STREAM})
    assert.deepEqual(parseConsumerArn('arn:aws-cn:kinesis:cn-north-1:111122223333:stream/s/consumer/c'), {
      name: 'c',
      streamArn: 'arn:aws-cn:kinesis:cn-north-1:111122223333:stream/s',
    })
    assert.equal(parseConsumerArn(STREAM), undefined)
  })

  it('refuses consumer names Kinesis refuses (usage error)', () => {
    assert.throws(() => checkConsumerName('has space'), (error: Error & {exitCode?: number}) => error.exitCode === 2)
    assert.throws(() => checkConsumerName('x'.repeat(129)))
    checkConsumerName('fanout.orders_1-a')
  })

  it('the read policy names each consumer with SubscribeToShard and DescribeStreamConsumer, and reads its stream', () => {
    const document = streamsPolicy({ctx, sourceArns: [CONSUMER]})
    const statements = document.Statement as Array<{Sid: string; Action: string[]; Resource: string[]}>
    const consumers = statements.find((s) => s.Sid === 'ReadKinesisConsumers')!
    assert.deepEqual(consumers.Action, ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'])
    assert.deepEqual(consumers.Resource, [CONSUMER])
    assert.ok(statements.find((s) => s.Sid === 'ReadKinesisStreams')!.Resource.includes(STREAM))
    const plain = streamsPolicy({ctx, sourceArns: [STREAM]}).Statement as Array<{Sid: string}>
    assert.ok(!plain.some((s) => s.Sid === 'ReadKinesisConsumers'))
  })

  it('AT_TIMESTAMP is refused on a DynamoDB source (Kinesis only)', () => {
    const settings = {startingPosition: 'AT_TIMESTAMP' as const, startingPositionTimestamp: new Date()}
    assert.throws(() => validateHookSettings(settings, 'arn:aws:dynamodb:eu-west-1:111122223333:table/t/stream/2026-01-01T00:00:00.000'), /Kinesis sources only/)
    validateHookSettings(settings, STREAM)
  })
})
