import {strict as assert} from 'node:assert'
import {isRolePropagationError, isTransientError, withRetry} from '../../../src/deploy/retry.js'

const awsError = (name: string, message = name) => Object.assign(new Error(message), {name})
const ROLE_NOT_READY = awsError('InvalidParameterValueException', 'The role defined for the function cannot be assumed by Lambda.')

describe('withRetry (role propagation, throttling, update in progress)', () => {
  it('retries the "role cannot be assumed by Lambda" refusal with growing, capped waits', async () => {
    const waits: number[] = []
    let calls = 0
    const result = await withRetry(
      async () => {
        calls++
        if (calls < 6) throw ROLE_NOT_READY
        return 'created'
      },
      {baseDelayMs: 100, maxDelayMs: 400, sleep: async (ms) => void waits.push(ms)},
    )
    assert.equal(result, 'created')
    assert.equal(calls, 6)
    assert.equal(waits.length, 5)
    // Each wait lies in [ceiling/2, ceiling] with ceiling = min(cap, base * 2^n): 100, 200, 400, 400, 400.
    const ceilings = [100, 200, 400, 400, 400]
    waits.forEach((ms, n) => assert.ok(ms >= ceilings[n] / 2 && ms <= ceilings[n], `wait ${n}: ${ms}`))
  })

  it('gives up after the attempts and throws the last error', async () => {
    let calls = 0
    await assert.rejects(
      withRetry(
        async () => {
          calls++
          throw awsError('ThrottlingException', 'Rate exceeded')
        },
        {attempts: 3, sleep: async () => {}},
      ),
      {message: 'Rate exceeded'},
    )
    assert.equal(calls, 3)
  })

  it('does not retry other errors (access denied, validation)', async () => {
    for (const error of [awsError('AccessDeniedException'), awsError('InvalidParameterValueException', 'Unsupported runtime')]) {
      let calls = 0
      await assert.rejects(withRetry(async () => {
        calls++
        throw error
      }, {sleep: async () => {}}))
      assert.equal(calls, 1, error.message)
    }
  })

  it('classifies the refusals', () => {
    assert.ok(isRolePropagationError(ROLE_NOT_READY))
    assert.ok(isRolePropagationError(awsError('InvalidParameterValueException', 'The provided execution role does not have permissions to call GetShardIterator on Kinesis')))
    assert.ok(!isRolePropagationError(awsError('InvalidParameterValueException', 'Unsupported runtime')))
    for (const name of ['TooManyRequestsException', 'ThrottlingException', 'ResourceConflictException', 'ResourceInUseException']) assert.ok(isTransientError(awsError(name)), name)
    assert.ok(!isTransientError(awsError('ResourceNotFoundException')))
  })
})
