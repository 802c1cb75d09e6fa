// The --json results of the control-plane commands as printed against moto, against the keys
// src/results.ts declares (and test/snapshots/json-keys.json pins): deploy (dry run and applied),
// hook, pause, resume, unhook, destroy (dry run and done).
import {strict as assert} from 'node:assert'
import {CreateStreamCommand, KinesisClient} from '@aws-sdk/client-kinesis'
import {createClient} from '../../runtime/aws/client-factory.js'
import {RESULT_KEYS} from '../../src/results.js'
import {runCli} from '../helpers/cli.js'
import {TEST_AWS_ENV} from '../helpers/emulators.js'
import {MOTO_ENDPOINT, requireService} from '../helpers/services.js'

const REGION = 'us-east-1'

describe('--json results of the control-plane commands (CLI against moto)', function () {
  this.timeout(120_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutJson${suffix}`
  const stream = `jsonSource${suffix}`
  const streamArn = `arn:aws:kinesis:${REGION}:123456789012:stream/${stream}`
  const common = ['--function', fn, '--endpoint-url', MOTO_ENDPOINT, '--region', REGION, '--json']
  const json = async (args: string[]) => {
    const result = await runCli([...args, ...common])
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`)
    return JSON.parse(result.stdout) as Record<string, unknown>
  }
  const keys = (value: object) => Object.keys(value).sort()
  /** Keys present; optional ones (absent in this run) may be missing, unknown ones never appear. */
  const declared = (value: object, expected: string[], what: string) =>
    assert.deepEqual(
      keys(value).filter((key) => !expected.includes(key)),
      [],
      `${what}: keys not declared in src/results.ts`,
    )

  before(async function () {
    await requireService(this, 'moto')
    const kinesis = createClient(KinesisClient, {
      credentials: {accessKeyId: TEST_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY},
      endpoint: MOTO_ENDPOINT,
      region: REGION,
    })
    await kinesis.send(new CreateStreamCommand({ShardCount: 1, StreamName: stream}))
    kinesis.destroy()
  })

  it('deploy, hook, pause, resume, unhook and destroy print the declared shapes', async () => {
    const dryRun = await json(['deploy', '--dry-run', '--no-parking'])
    assert.deepEqual(keys(dryRun), RESULT_KEYS.deploy.dryRun)
    const applied = await json(['deploy', '--no-parking'])
    declared(applied, RESULT_KEYS.deploy.applied, 'deploy')
    for (const key of ['actions', 'changed', 'codeSha256', 'functionName', 'notices', 'roleArn', 'tableName']) assert.ok(key in applied, key)
    const hook = await json(['hook', '--source-arn', streamArn])
    assert.deepEqual(keys(hook), RESULT_KEYS.hook.result)
    assert.deepEqual(keys(await json(['pause', '--source-arn', streamArn])), RESULT_KEYS.pause.result)
    assert.deepEqual(keys(await json(['resume', '--source-arn', streamArn])), RESULT_KEYS.resume.result)
    assert.deepEqual(keys(await json(['unhook', '--source-arn', streamArn])), RESULT_KEYS.unhook.result)
    const plan = await json(['destroy', '--dry-run', '--delete-table', '--delete-role'])
    assert.deepEqual(keys(plan), RESULT_KEYS.destroy.dryRun)
    declared(plan.plan as object, RESULT_KEYS.destroy.plan, 'destroy plan')
    const destroyed = await json(['destroy', '--yes', '--delete-table', '--delete-role'])
    assert.deepEqual(keys(destroyed), RESULT_KEYS.destroy.destroyed)
    const nothing = await json(['destroy', '--yes'])
    assert.deepEqual(keys(nothing), RESULT_KEYS.destroy.nothing)
  })
})
