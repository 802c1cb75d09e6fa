// Central error handling, as a user sees it: one line on stderr, non-zero exit, no stack trace
// unless --debug.
import {strict as assert} from 'node:assert'
import {runCli} from '../helpers/cli.js'

describe('command base: errors', () => {
  it('a missing required flag is one line naming the flag', async () => {
    const result = await runCli(['package'])
    assert.notEqual(result.code, 0)
    assert.equal(result.stderr.trim(), 'Error: Missing required flag output')
    assert.equal(result.stdout, '')
  })

  it('an unknown flag is one line naming it', async () => {
    const result = await runCli(['package', '--output', '/tmp/x.zip', '--bogus'])
    assert.notEqual(result.code, 0)
    assert.match(result.stderr.trim(), /^Error: Nonexistent flag: --bogus$/)
  })

  it('a failure prints no stack trace without --debug, and one with it', async () => {
    const plain = await runCli(['package', '--output', '/nonexistent-dir/x.zip'])
    assert.equal(plain.code, 1)
    assert.equal(plain.stderr.trim().split('\n').length, 1)
    assert.match(plain.stderr, /^Error: .*nonexistent-dir/)
    const debug = await runCli(['package', '--output', '/nonexistent-dir/x.zip', '--debug'])
    assert.equal(debug.code, 1)
    assert.match(debug.stderr, /\n\s+at /)
  })

  it('--json prints only the JSON result on stdout', async () => {
    const result = await runCli(['package', '--output', '/tmp/fanout-json-test.zip', '--json'])
    assert.equal(result.code, 0)
    const parsed = JSON.parse(result.stdout)
    assert.equal(parsed.output, '/tmp/fanout-json-test.zip')
    assert.match(parsed.sha256, /^[A-Za-z0-9+/]{43}=$/)
  })
})
