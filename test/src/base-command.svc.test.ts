// AWS CLI conventions for profiles, regions and credentials, as a user meets them: a temporary HOME
// with ~/.aws/config and ~/.aws/credentials, the CLI run against moto (deploy --dry-run only reads).
import {strict as assert} from 'node:assert'
import {mkdir, mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {runCli} from '../helpers/cli.js'
import {MOTO_ENDPOINT, requireService} from '../helpers/services.js'

describe('command base: profiles, regions and credentials as in the AWS CLI (moto)', function () {
  this.timeout(30_000)
  let home: string
  /** No credentials and no region from the test environment: only what each case gives. */
  const bare = {AWS_ACCESS_KEY_ID: undefined, AWS_DEFAULT_REGION: undefined, AWS_REGION: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined}
  const run = (args: string[], env: Record<string, string | undefined> = {}) =>
    runCli(['deploy', '--dry-run', '--function', 'fanoutProfileCheck', ...args], {env: {...bare, AWS_CONFIG_FILE: undefined, AWS_SHARED_CREDENTIALS_FILE: undefined, HOME: home, ...env}})
  const planRegion = (stdout: string) => /^Plan for function fanoutProfileCheck in (\S+) /.exec(stdout)?.[1]

  before(async function () {
    await requireService(this, 'moto')
    home = await mkdtemp(join(tmpdir(), 'fanout-home-'))
    await mkdir(join(home, '.aws'))
    await writeFile(
      join(home, '.aws', 'config'),
      ['[default]', 'region = us-east-1', '[profile west]', 'region = eu-west-1', '[profile moto]', 'region = us-west-2', `endpoint_url = ${MOTO_ENDPOINT}`, ''].join('\n'),
    )
    await writeFile(
      join(home, '.aws', 'credentials'),
      ['[west]', 'aws_access_key_id = testing', 'aws_secret_access_key = testing', '[moto]', 'aws_access_key_id = testing', 'aws_secret_access_key = testing', ''].join('\n'),
    )
  })

  it('--profile gives credentials and region; AWS_PROFILE does the same', async () => {
    const flag = await run(['--profile', 'west', '--endpoint-url', MOTO_ENDPOINT])
    assert.equal(flag.code, 0, flag.stderr)
    assert.equal(planRegion(flag.stdout), 'eu-west-1')
    const env = await run(['--endpoint-url', MOTO_ENDPOINT], {AWS_PROFILE: 'west'})
    assert.equal(env.code, 0, env.stderr)
    assert.equal(planRegion(env.stdout), 'eu-west-1')
  })

  it('AWS_DEFAULT_REGION and --region win over the profile\'s region', async () => {
    const env = await run(['--profile', 'west', '--endpoint-url', MOTO_ENDPOINT], {AWS_DEFAULT_REGION: 'ap-southeast-2'})
    assert.equal(env.code, 0, env.stderr)
    assert.equal(planRegion(env.stdout), 'ap-southeast-2')
    const flag = await run(['--profile', 'west', '--endpoint-url', MOTO_ENDPOINT, '--region', 'ca-central-1'], {AWS_DEFAULT_REGION: 'ap-southeast-2'})
    assert.equal(planRegion(flag.stdout), 'ca-central-1')
  })

  it('--profile honours the profile\'s endpoint_url, as AWS_PROFILE does', async () => {
    // AWS_ENDPOINT_URL (the tests' catch-all endpoint) would win over the profile's endpoint_url.
    for (const [args, env] of [[['--profile', 'moto'], {}], [[], {AWS_PROFILE: 'moto'}]] as const) {
      const result = await run([...args], {...env, AWS_ENDPOINT_URL: undefined})
      assert.equal(result.code, 0, result.stderr)
      assert.equal(planRegion(result.stdout), 'us-west-2')
    }
  })

  it('with AWS_ACCESS_KEY_ID set too: no SDK warning on stderr, whichever way the profile is named', async () => {
    const keys = {AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing'}
    const flag = await run(['--profile', 'west', '--endpoint-url', MOTO_ENDPOINT], keys)
    assert.equal(flag.code, 0, flag.stderr)
    assert.equal(flag.stderr, '')
    const env = await run(['--endpoint-url', MOTO_ENDPOINT], {...keys, AWS_PROFILE: 'west'})
    assert.equal(env.code, 0, env.stderr)
    assert.equal(env.stderr, '')
  })

  it('a profile that exists nowhere is one line naming it, from --profile or AWS_PROFILE', async () => {
    const flag = await run(['--profile', 'nosuch', '--endpoint-url', MOTO_ENDPOINT], {AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing'})
    assert.equal(flag.code, 1)
    assert.match(flag.stderr, /^Error: The config profile \(nosuch\) could not be found in .*\.aws\/config or .*\.aws\/credentials \(check --profile/)
    assert.equal(flag.stderr.trim().split('\n').length, 1)
    assert.equal(flag.stdout, '')
    const env = await run(['--endpoint-url', MOTO_ENDPOINT], {AWS_PROFILE: 'nosuch'})
    assert.equal(env.code, 1)
    assert.match(env.stderr, /^Error: The config profile \(nosuch\) could not be found .*\(check AWS_PROFILE/)
  })

  it('no credentials, and no region, are each one line saying what to set', async () => {
    const noCredentials = await run(['--endpoint-url', MOTO_ENDPOINT])
    assert.equal(noCredentials.code, 1)
    assert.equal(noCredentials.stderr.trim(), 'Error: No AWS credentials found: configure credentials (AWS_PROFILE, --profile, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)')
    const noRegion = await run(['--endpoint-url', MOTO_ENDPOINT], {HOME: tmpdir(), AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_CONFIG_FILE: join(home, 'missing')})
    assert.equal(noRegion.code, 1)
    assert.equal(noRegion.stderr.trim(), 'Error: No AWS region set: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION')
  })

  it('an endpoint that is not an AWS API, and a malformed --function, are one clear line', async () => {
    const keys = {AWS_ACCESS_KEY_ID: 'testing', AWS_REGION: 'us-east-1', AWS_SECRET_ACCESS_KEY: 'testing'}
    const html = await runCli(['deploy', '--dry-run', '--function', 'bad name!', '--endpoint-url', MOTO_ENDPOINT], {env: keys})
    assert.equal(html.code, 2) // a bad flag value is a usage error
    assert.equal(html.stderr.trim(), "Error: Invalid --function 'bad name!': a Lambda function name is 1-64 letters, digits, hyphens or underscores (check --function)")
    // moto answers an unknown path with an HTML page: the SDK's parse error is not shown.
    const notAws = await runCli(['deploy', '--dry-run', '--endpoint-url', `${MOTO_ENDPOINT}/not/an/api`], {env: keys})
    assert.equal(notAws.code, 1)
    assert.equal(notAws.stderr.trim().split('\n').length, 1, notAws.stderr)
    assert.doesNotMatch(notAws.stderr, /\n\s+at |Deserialization|UnknownError/)
  })
})
