import {strict as assert} from 'node:assert'
import {normalizeBooleanSpellings} from '../../../src/cli/argv.js'

describe('Bash CLI boolean spellings', () => {
  it('rewrites `--flag true|false` and `--flag=false` to oclif booleans', () => {
    assert.deepEqual(
      normalizeBooleanSpellings(['--active', 'true', '--parallel', 'false', '--convert-ddb=false', '--deaggregate', 'TRUE']),
      ['--active', '--no-parallel', '--no-convert-ddb', '--deaggregate'],
    )
  })

  it('leaves flags without a boolean value and other flags alone', () => {
    assert.deepEqual(normalizeBooleanSpellings(['--active', '--id', 'true']), ['--active', '--id', 'true'])
    assert.deepEqual(normalizeBooleanSpellings(['--no-active', '--id', 'x']), ['--no-active', '--id', 'x'])
  })

  it('refuses a value that is not a boolean, naming the flag (exit 2), in both spellings', () => {
    for (const argv of [['--active=maybe'], ['--parallel', 'maybe'], ['update', '--convert-ddb', 'sometimes', '--id', 'x']]) {
      assert.throws(() => normalizeBooleanSpellings(argv), (error: Error & {exitCode?: number}) => /^Invalid --[a-z-]+ '(maybe|sometimes)': expected --[a-z-]+ or --no-/.test(error.message) && error.exitCode === 2)
    }
    // register's target type may follow a boolean flag.
    assert.deepEqual(normalizeBooleanSpellings(['register', '--active', 'SQS']), ['register', '--active', 'SQS'])
  })

  it('stops at --', () => {
    assert.deepEqual(normalizeBooleanSpellings(['--', '--active', 'false']), ['--', '--active', 'false'])
  })
})
