// Smaller points of issue 11, as a user meets them: deploy --runtime refused before any AWS call,
// FORCE_COLOR honoured, package errors in the CLI's style, help pages without ignored flags.
import {strict as assert} from 'node:assert'
import {runCli} from '../helpers/cli.js'
import {startSilentServer} from '../helpers/silent-server.js'

describe('small points: runtime, colour, package errors, help pages', function () {
  this.timeout(60_000)

  it('deploy --runtime takes only nodejs20.x, 22.x or 24.x, refused before any AWS call', async () => {
    const silent = await startSilentServer()
    try {
      const refused = await runCli(['deploy', '--runtime', 'nodejs18.x', '--endpoint-url', silent.endpoint, '--yes'])
      assert.equal(refused.code, 2, refused.stderr)
      assert.equal(
        refused.stderr.trim(),
        "Error: Invalid --runtime 'nodejs18.x': Lambda no longer accepts it for new or updated functions, or does not know it; expected one of nodejs20.x, nodejs22.x, nodejs24.x",
      )
      assert.deepEqual(silent.requests, [])
      // Any case is accepted: the command goes on to its first AWS call (here: one that never answers).
      const accepted = await runCli(['deploy', '--runtime', 'NODEJS24.X', '--dry-run', '--endpoint-url', silent.endpoint, '--cli-read-timeout', '1'])
      assert.equal(accepted.code, 1, accepted.stderr)
      assert.match(accepted.stderr, /did not answer .* within 1 s/)
    } finally {
      await silent.close()
    }
  })

  it('FORCE_COLOR colours the demo into a pipe; NO_COLOR alone does not', async () => {
    const forced = await runCli(['demo'], {env: {FORCE_COLOR: '1'}})
    assert.equal(forced.code, 0, forced.stderr)
    assert.match(forced.stdout, /\x1b\[/)
    const plain = await runCli(['demo'])
    assert.equal(plain.code, 0, plain.stderr)
    assert.doesNotMatch(plain.stdout, /\x1b\[/)
  })

  it('package errors are one line: what failed, on which file, what to do', async () => {
    const missing = await runCli(['package', '--output', '/nonexistent-dir/x.zip'])
    assert.equal(missing.code, 1)
    assert.equal(missing.stderr, "Error: Cannot write the deploy zip to '/nonexistent-dir/x.zip': its folder does not exist (create the folder first, or check --output)\n")
    const folder = await runCli(['package', '--output', '/tmp'])
    assert.equal(folder.stderr, "Error: Cannot write the deploy zip to '/tmp': it is a folder (give a file name, e.g. --output fanout.zip)\n")
  })

  it('help pages list no flag the command ignores (the flags are still accepted)', async () => {
    for (const command of ['package', 'demo']) {
      const help = await runCli([command, '--help'])
      assert.equal(help.code, 0)
      for (const flag of ['--region', '--profile', '--endpoint-url', '--function', '--table', '--cli-read-timeout', '--yes']) {
        assert.ok(!help.stdout.includes(flag), `${command} --help lists ${flag}`)
      }
    }
    for (const command of ['list', 'tail', 'hook', 'unhook', 'pause', 'resume', 'status', 'update', 'local-run']) {
      const help = await runCli([command, '--help'])
      assert.equal(help.code, 0, command)
      assert.ok(!/--yes\b/.test(help.stdout), `${command} --help lists --yes`)
      assert.match(help.stdout, /--region/, command)
    }
    const withYes = await runCli(['list', '--all', '--yes', '--endpoint-url', 'http://127.0.0.1:9', '--table', 't'])
    assert.doesNotMatch(withYes.stderr, /Nonexistent flag/)
  })
})
