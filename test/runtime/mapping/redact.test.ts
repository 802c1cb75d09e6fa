import {strict as assert} from 'node:assert'
import {redactDestination, redactMapping, redactSecrets, rememberSecret} from '../../../runtime/mapping/redact.js'

describe('redaction of mapping secrets', () => {
  it('masks a URL password, keeping the user, host, port and path', () => {
    assert.equal(redactDestination('redis', 'rediss://app:s3cr%40t@cache.example:6380/0'), 'rediss://app:****@cache.example:6380/0')
    assert.equal(redactDestination('redis', 'redis://:pw@cache:6379'), 'redis://:****@cache:6379')
    assert.equal(redactDestination('redis', 'rediss://app@cache.example:6380'), 'rediss://app@cache.example:6380')
    assert.equal(redactDestination('redis', 'cache.example:6379'), 'cache.example:6379')
    assert.equal(redactDestination('sqs', 'https://sqs.us-east-1.amazonaws.com/123456789012/q'), 'https://sqs.us-east-1.amazonaws.com/123456789012/q')
  })

  it('masks the external id of a mapping or item and leaves the original alone', () => {
    const item = {destination: 'redis://u:pw@h:1', externalId: 'ext-secret', id: 'x', type: 'redis'}
    assert.deepEqual(redactMapping(item), {destination: 'redis://u:****@h:1', externalId: '****', id: 'x', type: 'redis'})
    assert.equal(item.externalId, 'ext-secret')
  })

  it('masks URL passwords and remembered secrets in any text', () => {
    rememberSecret('ext-remembered-1')
    assert.equal(
      redactSecrets("destination 'rediss://a:b@h:1' and ext-remembered-1, extra x9", ['x9']),
      "destination 'rediss://a:****@h:1' and ****, extra ****",
    )
  })
})
