// deploy and destroy at a terminal (a pseudo-terminal from util-linux `script`, CI unset): the plan
// is confirmed first, "no" changes nothing, and with --json the question stays off stdout.
import {strict as assert} from 'node:assert'
import {spawn, spawnSync} from 'node:child_process'
import {mkdtemp, readFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {GetFunctionCommand, LambdaClient} from '@aws-sdk/client-lambda'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {PROJECT_ROOT, RUN_JS} from '../../helpers/cli.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'

/** Runs the CLI with a terminal as stdin and stdout (stderr to a file), typing `keys` after a pause. */
async function atTerminal(args: string[], keys: string): Promise<{code: number; stdout: string; stderr: string}> {
  const dir = await mkdtemp(join(tmpdir(), 'fanout-tty-'))
  const errFile = join(dir, 'stderr')
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`
  const command = `${quote(process.execPath)} ${quote(RUN_JS)} ${args.map(quote).join(' ')} 2>${quote(errFile)}; echo "rc=$?"`
  const env: Record<string, string | undefined> = {...process.env, ...TEST_AWS_ENV, NO_COLOR: '1'}
  delete env.CI
  delete env.AWS_PROFILE
  const child = spawn('script', ['-qec', command, '/dev/null'], {cwd: PROJECT_ROOT, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'inherit']})
  let out = ''
  child.stdout.on('data', (chunk) => {
    out += chunk
  })
  // Type once the question is up (it goes to stderr with --json, so wait for the file as well).
  const started = Date.now()
  while (Date.now() - started < 20_000) {
    const err = await readFile(errFile, 'utf8').catch(() => '')
    if (/\?/.test(out) || /\?/.test(err)) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.stdin.write(keys)
  await new Promise((resolve) => child.on('close', resolve))
  const code = Number(/rc=(\d+)/.exec(out)?.[1] ?? -1)
  return {code, stderr: await readFile(errFile, 'utf8'), stdout: out.replace(/rc=\d+\s*$/, '')}
}

describe('deploy and destroy at a terminal (moto)', function () {
  this.timeout(60_000)
  const fn = `fanoutTty${Math.random().toString(36).slice(2, 8)}`
  const common = ['--function', fn, '--endpoint-url', MOTO_ENDPOINT, '--region', 'us-east-1']
  let lambda: LambdaClient
  const functionExists = async () =>
    lambda.send(new GetFunctionCommand({FunctionName: fn})).then(
      () => true,
      (error: Error) => (error.name === 'ResourceNotFoundException' ? false : Promise.reject(error)),
    )

  before(async function () {
    await requireService(this, 'moto')
    // util-linux script (-q -e -c) gives the pseudo-terminal; where every tier must run, its absence fails.
    if (spawnSync('script', ['-qec', 'true', '/dev/null']).status !== 0) {
      if (process.env.FANOUT_REQUIRE_SERVICES) throw new Error('util-linux `script` is required for this suite (a pseudo-terminal)')
      this.skip()
    }
    lambda = createClient(LambdaClient, {credentials: {accessKeyId: 'testing', secretAccessKey: 'testing'}, endpoint: MOTO_ENDPOINT, region: 'us-east-1'})
  })

  it('deploy asks before applying; "no" creates nothing, and with --json the question is not on stdout', async () => {
    const refused = await atTerminal(['deploy', ...common, '--json'], 'n\r')
    assert.equal(refused.code, 1, refused.stderr)
    assert.equal(refused.stdout.trim(), '')
    assert.match(refused.stderr, /Apply this plan\?/)
    assert.match(refused.stderr, /Cancelled: nothing changed/)
    assert.equal(await functionExists(), false)
  })

  it('deploy applies after "yes"; destroy asks too, and "no" keeps the function', async () => {
    const applied = await atTerminal(['deploy', ...common, '--json'], 'y\r')
    assert.equal(applied.code, 0, applied.stderr)
    assert.equal(JSON.parse(applied.stdout).functionName, fn)
    assert.equal(await functionExists(), true)

    const kept = await atTerminal(['destroy', ...common], 'n\r')
    assert.equal(kept.code, 1, kept.stderr)
    assert.match(kept.stdout, /Remove function/)
    assert.equal(await functionExists(), true)

    const removed = await atTerminal(['destroy', ...common, '--delete-table', '--delete-role'], 'y\r')
    assert.equal(removed.code, 0, removed.stderr)
    assert.equal(await functionExists(), false)
  })
})
