import {strict as assert} from 'node:assert'
import {isRegionName, isRoleArn, normalizeSourceArn, parseSourceArn} from '../../../runtime/mapping/arn.js'

describe('ARN parsing', () => {
  it('reads Kinesis and DynamoDB stream ARNs in every partition', () => {
    assert.deepEqual(parseSourceArn('arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s-1'), {
      account: '123456789012',
      kind: 'kinesis',
      name: 's-1',
      partition: 'aws-cn',
      region: 'cn-north-1',
      resource: 'stream/s-1',
      service: 'kinesis',
    })
    const ddb = parseSourceArn('arn:aws-us-gov:dynamodb:us-gov-east-1:123456789012:table/Orders.v2/stream/2024-05-01T10:00:00.123')
    assert.equal(ddb?.kind, 'dynamodb')
    assert.equal(ddb?.name, 'Orders.v2')
  })

  it('refuses malformed and non-stream ARNs', () => {
    assert.equal(parseSourceArn('arn:aws:kinesis:us-east-1:123:stream/s'), undefined)
    assert.equal(parseSourceArn('arn:aws:dynamodb:us-east-1:123456789012:table/Orders'), undefined)
    assert.equal(parseSourceArn('arn:aws:sqs:us-east-1:123456789012:q'), undefined)
    assert.equal(parseSourceArn('orders'), undefined)
  })

  it('maps an enhanced fan-out consumer ARN to its stream', () => {
    assert.equal(
      normalizeSourceArn('arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1700000000'),
      'arn:aws:kinesis:us-east-1:123456789012:stream/s',
    )
  })

  it('accepts region names of every shape and role ARNs with paths', () => {
    for (const region of ['us-east-1', 'cn-northwest-1', 'us-gov-west-1', 'eu-isoe-west-1', 'ap-southeast-5']) {
      assert.ok(isRegionName(region), region)
    }
    assert.equal(isRegionName('us-east'), false)
    assert.ok(isRoleArn('arn:aws:iam::123456789012:role/service-role/fanout'))
    assert.equal(isRoleArn('arn:aws:iam::123456789012:user/bob'), false)
  })
})
