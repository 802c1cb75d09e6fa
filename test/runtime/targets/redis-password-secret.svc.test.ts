// redis with passwordSecret: the AUTH password comes from a Secrets Manager secret (moto), the
// destination holds none. A Redis server of its own with requirepass; records delivered with the
// secret's password (plain or JSON SecretString), the secret read once and cached, and a wrong or
// missing secret reported failed (retried), never with the password in a log line.
import {strict as assert} from 'node:assert'
import {CreateSecretCommand, SecretsManagerClient, UpdateSecretCommand} from '@aws-sdk/client-secrets-manager'
import {Redis} from 'ioredis'
import {createClient} from '../../../runtime/aws/client-factory.js'
import {closeRedisConnections, forgetSecretPassword, passwordOfSecret} from '../../../runtime/targets/cache/redis-connection.js'
import {createRedisDriver} from '../../../runtime/targets/redis.js'
import {targetOf} from '../context.js'

const createRedisTarget = targetOf(createRedisDriver)
import {startRedis, type LocalServer} from '../../helpers/local-servers.js'
import {MOTO_ENDPOINT, requireService} from '../../helpers/services.js'
import {useTestAwsEnv} from '../../helpers/emulators.js'
import {deliveryContext, mapping, outRecords, uniqueName} from './fixtures.js'

describe('redis passwordSecret (moto Secrets Manager, a Redis server with requirepass)', function () {
  this.timeout(60_000)
  const password = `pw-${uniqueName('r')}`
  let server: LocalServer
  let secrets: SecretsManagerClient
  let plainArn: string
  let jsonArn: string
  let saved: string | undefined

  before(async function () {
    await requireService(this, 'moto')
    useTestAwsEnv()
    saved = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = MOTO_ENDPOINT
    try {
      server = await startRedis(password)
    } catch (error) {
      if (process.env.CI || process.env.FANOUT_REQUIRE_SERVICES) throw error
      this.skip()
    }
    secrets = createClient(SecretsManagerClient, {endpoint: MOTO_ENDPOINT, region: 'us-east-1'})
    plainArn = (await secrets.send(new CreateSecretCommand({Name: uniqueName('redis-plain'), SecretString: password}))).ARN!
    jsonArn = (await secrets.send(new CreateSecretCommand({Name: uniqueName('redis-json'), SecretString: JSON.stringify({password, username: 'default'})}))).ARN!
  })
  after(async () => {
    closeRedisConnections()
    forgetSecretPassword()
    secrets?.destroy()
    await server?.stop()
    if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER
    else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = saved
  })
  afterEach(() => {
    closeRedisConnections()
    forgetSecretPassword()
  })

  it('reads the password from the secret (plain or JSON) and delivers, the destination holding none', async () => {
    for (const arn of [plainArn, jsonArn]) {
      const m = mapping({destination: `redis://${server.address}`, passwordSecret: arn, type: 'redis'})
      const key = uniqueName('k')
      const report = await createRedisTarget(m).deliver(outRecords([{data: 'v1', key}]), deliveryContext(m))
      assert.equal(report.delivered, 1, JSON.stringify(report))
      const check = new Redis(`redis://:${password}@${server.address}`)
      assert.equal(await check.get(key), 'v1')
      check.disconnect()
    }
  })

  it('reads the secret once (cached), and again after the server refused the cached password (rotation)', async () => {
    const m = mapping({destination: `redis://${server.address}`, passwordSecret: plainArn, type: 'redis'})
    assert.equal((await createRedisTarget(m).deliver(outRecords([{data: 'a', key: uniqueName('k')}]), deliveryContext(m))).delivered, 1)
    // Rotation: the server and the secret get a new password; the container still holds the old one.
    const rotated = `${password}-2`
    const admin = new Redis(`redis://:${password}@${server.address}`)
    await admin.config('SET', 'requirepass', rotated)
    admin.disconnect()
    await secrets.send(new UpdateSecretCommand({SecretId: plainArn, SecretString: rotated}))
    closeRedisConnections()
    try {
      const refused = await createRedisTarget(m).deliver(outRecords([{data: 'b', key: uniqueName('k')}]), deliveryContext(m, 2000))
      assert.equal(refused.delivered, 0, 'the cached (old) password is used: no second read of the secret per connection')
      assert.equal(refused.failed.length, 1)
      const key = uniqueName('k')
      const again = await createRedisTarget(m).deliver(outRecords([{data: 'c', key}]), deliveryContext(m))
      assert.equal(again.delivered, 1, 'after the refusal the secret is read again')
    } finally {
      const reset = new Redis(`redis://:${rotated}@${server.address}`)
      await reset.config('SET', 'requirepass', password)
      reset.disconnect()
      await secrets.send(new UpdateSecretCommand({SecretId: plainArn, SecretString: password}))
    }
  })

  it('reports the records failed when the secret cannot be read, naming the ARN and never a password', async () => {
    const missing = plainArn.replace(/secret:.*$/, 'secret:no-such-secret-AbCdEf')
    const m = mapping({destination: `redis://${server.address}`, passwordSecret: missing, type: 'redis'})
    const context = deliveryContext(m, 2000)
    const report = await createRedisTarget(m).deliver(outRecords([{data: 'x', key: uniqueName('k')}]), context)
    assert.equal(report.delivered, 0)
    assert.equal(report.failed.length, 1)
    const logs = JSON.stringify(context.log)
    assert.match(logs, /no-such-secret/)
    assert.doesNotMatch(logs, new RegExp(password))
  })

  it('takes the password field of a JSON secret, or the whole string', () => {
    assert.equal(passwordOfSecret('{"password":"p1","username":"u"}'), 'p1')
    assert.equal(passwordOfSecret('{"other":1}'), '{"other":1}')
    assert.equal(passwordOfSecret('plain text'), 'plain text')
  })
})
