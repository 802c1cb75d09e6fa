// oclif's own plugins, as a user meets them: `help` and `-h`, did-you-mean for a mistyped command
// (asked at a terminal, as @oclif/plugin-not-found does), and shell completion (`autocomplete`).
import {strict as assert} from 'node:assert'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {runCli} from '../helpers/cli.js'
import {atTerminal, requireTerminal} from '../helpers/terminal.js'

describe('oclif plugins: help, not-found, autocomplete', function () {
  this.timeout(60_000)
  // autocomplete writes its cache under the cache directory: keep it out of the real HOME.
  const cache = {XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'fanout-cache-'))}

  it('help COMMAND, COMMAND --help and COMMAND -h print the same help page', async () => {
    const help = await runCli(['help', 'register'])
    assert.equal(help.code, 0, help.stderr)
    assert.match(help.stdout, /^Add a mapping/)
    assert.match(help.stdout, /\$ kinesis-fanout register \[TYPE\]/)
    for (const flag of ['--help', '-h']) {
      const other = await runCli(['register', flag])
      assert.equal(other.code, 0, other.stderr)
      assert.equal(other.stdout, help.stdout, flag)
    }
  })

  it('help lists every command, help and autocomplete included', async () => {
    const result = await runCli(['help'])
    assert.equal(result.code, 0, result.stderr)
    for (const command of ['autocomplete', 'deploy', 'help', 'list', 'register', 'tail']) assert.match(result.stdout, new RegExp(`^  ${command} `, 'm'), command)
  })

  it('a mistyped command is named, with exit 127 in scripts', async () => {
    const result = await runCli(['lsit'])
    assert.equal(result.code, 127)
    assert.match(result.stderr, /lsit is not a kinesis-fanout command/)
    assert.match(result.stderr, /Run kinesis-fanout help for a list of available commands/)
    assert.equal(result.stdout, '')
  })

  it('at a terminal, a mistyped command asks "Did you mean list?" and runs list on yes', async function () {
    requireTerminal(this)
    const result = await atTerminal(['lsit', '--all', '--endpoint-url', 'http://127.0.0.1:9', '--table', 'x'], {steps: [{keys: 'y\r', waitFor: /Did you mean list\?/}]})
    assert.match(result.text, /Did you mean list\?/)
    // list ran (and failed on the closed endpoint, naming DynamoDB).
    assert.match(result.text, /DynamoDB/)
    assert.equal(result.code, 1, result.text)
  })

  it('autocomplete prints the set-up instructions and the shell scripts', async () => {
    const instructions = await runCli(['autocomplete', 'bash'], {env: cache})
    assert.equal(instructions.code, 0, instructions.stderr)
    assert.match(instructions.stdout, /kinesis-fanout autocomplete script bash/)
    const script = await runCli(['autocomplete', 'script', 'zsh'], {env: cache})
    assert.equal(script.code, 0, script.stderr)
    assert.match(script.stdout, /KINESIS_FANOUT_AC_ZSH_SETUP_PATH/)
  })
})
