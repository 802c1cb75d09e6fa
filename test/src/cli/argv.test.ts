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

  it('stops at --', () => {
    assert.deepEqual(normalizeBooleanSpellings(['--', '--active', 'false']), ['--', '--active', 'false'])
  })
})
