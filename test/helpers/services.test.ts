// CI=true alone does not make the services tier mandatory (every hosted CI sets it);
// FANOUT_REQUIRE_SERVICES=1 does (docs/architecture.md, "Tests and services").
import {strict as assert} from 'node:assert'
import {spawnSync} from 'node:child_process'
import {PROJECT_ROOT} from './cli.js'

function requireMoto(env: Record<string, string>): {status: number | null; out: string} {
  // A port nothing listens on, in a child with its own environment.
  const script = `
    import {requireService} from './test/helpers/services.ts'
    const context = {skip() { console.log('skipped'); process.exit(0) }}
    requireService(context, 'moto').then(() => console.log('ran'), (e) => { console.log('failed: ' + e.message); process.exit(3) })
  `
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: {PATH: process.env.PATH!, MOTO_ENDPOINT: 'http://127.0.0.1:9', ...env},
  })
  return {out: result.stdout.trim(), status: result.status}
}

describe('services tier: skipped or required', function () {
  this.timeout(30_000)
  it('skips a suite whose service is down, with or without CI=true', () => {
    assert.deepEqual(requireMoto({}), {out: 'skipped', status: 0})
    assert.deepEqual(requireMoto({CI: 'true'}), {out: 'skipped', status: 0})
  })
  it('fails it with FANOUT_REQUIRE_SERVICES=1', () => {
    const result = requireMoto({FANOUT_REQUIRE_SERVICES: '1'})
    assert.equal(result.status, 3)
    assert.match(result.out, /^failed: moto is required for this suite but does not answer on http:\/\/127\.0\.0\.1:9/)
  })
})
