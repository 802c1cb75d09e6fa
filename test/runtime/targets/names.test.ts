import assert from 'node:assert/strict'
import {clientDestination, regionOfDestination, resourceName} from '../../../runtime/targets/names.js'
import {testMapping} from '../context.js'

describe('destination names and regions', () => {
  it('takes the name from a plain name or from the ARN resource', () => {
    assert.deepEqual(resourceName('stream-1'), {name: 'stream-1'})
    const arn = 'arn:aws-cn:firehose:cn-north-1:123456789012:deliverystream/hose'
    assert.deepEqual(resourceName(arn), {arn, name: 'hose'})
  })

  it('finds the region of ARNs (every partition) and of AWS queue URLs, none for emulators', () => {
    assert.equal(regionOfDestination('arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/s'), 'us-gov-west-1')
    assert.equal(regionOfDestination('https://sqs.eu-west-3.amazonaws.com/123456789012/q'), 'eu-west-3')
    assert.equal(regionOfDestination('https://ap-south-1.queue.amazonaws.com/123456789012/q'), 'ap-south-1')
    assert.equal(regionOfDestination('https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q'), 'cn-north-1')
    assert.equal(regionOfDestination('http://localhost:4566/123456789012/q'), undefined)
    assert.equal(regionOfDestination('plain-name'), undefined)
  })

  it("prefers the mapping's region over the destination's", () => {
    const sns = 'arn:aws:sns:eu-west-1:123456789012:t'
    assert.equal(clientDestination(testMapping('sns', sns)).region, 'eu-west-1')
    assert.equal(clientDestination(testMapping('sns', sns, {region: 'us-west-2'})).region, 'us-west-2')
  })
})
