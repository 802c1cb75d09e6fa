// The one line a call without an answer becomes, per kind; and which SDK errors count as timeouts
// (those are never retried: src/aws/clients.ts).
import {strict as assert} from 'node:assert'
import {isTimeout} from '../../../src/aws/clients.js'
import {describeError, EndpointError} from '../../../src/errors.js'

const base = {connectTimeoutMs: 5000, endpoint: 'https://lambda.eu-west-1.amazonaws.com', operation: 'GetFunction', readTimeoutMs: 60_000, service: 'Lambda'}

describe('EndpointError', () => {
  it('names the service, the call and the endpoint in one line, per kind', () => {
    assert.deepEqual(describeError(new EndpointError({...base, kind: 'read-timeout'})), {
      exitCode: 1,
      message: 'Lambda did not answer GetFunction within 60 s at https://lambda.eu-west-1.amazonaws.com (read timeout: --cli-read-timeout SECONDS waits longer; check --endpoint-url, --region and the network)',
    })
    assert.equal(
      describeError(new EndpointError({...base, kind: 'connect-timeout'})).message,
      'Could not connect to Lambda at https://lambda.eu-west-1.amazonaws.com within 5 s for GetFunction (connect timeout; check --endpoint-url, --region and the network)',
    )
    const refused = new EndpointError({...base, code: 'ECONNREFUSED', kind: 'unreachable'})
    assert.equal(refused.code, 'ECONNREFUSED')
    assert.equal(describeError(refused).message, 'Cannot reach Lambda at https://lambda.eu-west-1.amazonaws.com for GetFunction (ECONNREFUSED; check --endpoint-url, --region and the network)')
  })

  it('counts the SDK\'s TimeoutError and ETIMEDOUT as timeouts, nothing else', () => {
    assert.equal(isTimeout(Object.assign(new Error('socket timed out'), {name: 'TimeoutError'})), true)
    assert.equal(isTimeout(Object.assign(new Error('x'), {code: 'ETIMEDOUT'})), true)
    assert.equal(isTimeout(Object.assign(new Error('x'), {code: 'ECONNRESET'})), false)
    assert.equal(isTimeout(Object.assign(new Error('x'), {name: 'ThrottlingException'})), false)
  })
})
