// Named profiles with the AWS CLI's precedence (src/aws/profile.ts), on temporary shared files.
import {strict as assert} from 'node:assert'
import {mkdtemp, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {profileRegion, resolveProfileCredentials, sharedProfileNames} from '../../../src/aws/profile.js'

describe('named profiles (AWS CLI precedence)', () => {
  const saved: Record<string, string | undefined> = {}
  const names = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']

  before(async () => {
    for (const name of names) saved[name] = process.env[name]
    const dir = await mkdtemp(join(tmpdir(), 'fanout-profiles-'))
    process.env.AWS_CONFIG_FILE = join(dir, 'config')
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials')
    await writeFile(process.env.AWS_CONFIG_FILE, '[default]\nregion = us-east-1\n[profile west]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-2\n[profile noregion]\noutput = json\n')
    await writeFile(process.env.AWS_SHARED_CREDENTIALS_FILE, '[west]\naws_access_key_id = AKIAWEST\naws_secret_access_key = secret\n[keysonly]\naws_access_key_id = AKIAK\naws_secret_access_key = s\n')
  })
  beforeEach(() => {
    for (const name of ['AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete process.env[name]
  })
  after(() => {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })

  it('lists the profiles of both files, not the other sections', () => {
    assert.deepEqual([...sharedProfileNames()].sort(), ['default', 'keysonly', 'noregion', 'west'])
  })

  it('reads a profile\'s region; AWS_PROFILE, then default, when none is named', () => {
    assert.equal(profileRegion('west'), 'eu-west-1')
    assert.equal(profileRegion('noregion'), undefined)
    assert.equal(profileRegion('nosuch'), undefined)
    assert.equal(profileRegion(), 'us-east-1')
    process.env.AWS_PROFILE = 'west'
    assert.equal(profileRegion(), 'eu-west-1')
  })

  it('refuses a profile that exists nowhere, naming where it came from', () => {
    assert.throws(() => resolveProfileCredentials('nosuch'), /^UserError: The config profile \(nosuch\) could not be found/)
    process.env.AWS_PROFILE = 'nosuch'
    assert.throws(() => resolveProfileCredentials(), (error: Error & {options?: {suggestion?: string}}) => /AWS_PROFILE/.test(error.options?.suggestion ?? ''))
  })

  it('--profile beats the key variables (and sets AWS_PROFILE for the SDK\'s settings); the variables beat AWS_PROFILE', async () => {
    assert.equal(resolveProfileCredentials(), undefined, 'no profile: the default chain')
    assert.equal(resolveProfileCredentials('west'), undefined, 'no key variables: the default chain, with the profile')
    assert.equal(process.env.AWS_PROFILE, 'west')

    process.env.AWS_ACCESS_KEY_ID = 'AKIAENV'
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret'
    process.env.AWS_PROFILE = 'keysonly'
    const fromFlag = resolveProfileCredentials('west')
    assert.equal(process.env.AWS_PROFILE, 'west')
    assert.equal((await fromFlag!()).accessKeyId, 'AKIAWEST')

    process.env.AWS_PROFILE = 'west'
    const fromEnvProfile = resolveProfileCredentials()
    assert.equal((await fromEnvProfile!()).accessKeyId, 'AKIAENV')
  })
})
