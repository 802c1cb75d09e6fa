// Every missing value in one line, as a usage error (exit 2): the helper the commands share.
import {strict as assert} from 'node:assert'
import {missingValuesError} from '../../src/base-command.js'
import {describeError, UsageError} from '../../src/errors.js'

describe('missingValuesError', () => {
  it('is nothing when nothing is missing', () => {
    assert.equal(missingValuesError([]), undefined)
  })

  it('names one value, or all of them in one line, and exits 2', () => {
    const one = missingValuesError([{flag: '--id', what: 'the mapping id'}])!
    assert.ok(one instanceof UsageError)
    assert.deepEqual(describeError(one), {exitCode: 2, message: 'Missing --id (the mapping id) (see --help)'})
    const three = missingValuesError([{flag: '--source-arn'}, {flag: '--id'}, {flag: '--destination', what: 'a name, ARN or URL'}], 'or run it at a terminal to be asked')!
    assert.deepEqual(describeError(three), {
      exitCode: 2,
      message: 'Missing --source-arn, --id and --destination (a name, ARN or URL) (or run it at a terminal to be asked)',
    })
    assert.doesNotMatch(three.message, /\n/)
  })
})
