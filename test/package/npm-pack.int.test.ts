// The published package: `npm pack` yields a tarball that installs into an empty folder and runs
// with npx, with no TypeScript compiler and no build step (built JS, manifest and bundle inside).
import {strict as assert} from 'node:assert'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {PROJECT_ROOT} from '../helpers/cli.js'
import {unzipEntries} from '../helpers/unzip.js'

// npm itself runs without the loopback guard (test/helpers/loopback-guard.mjs): installing the
// tarball's dependencies may need the registry. The CLI it installs runs guarded (npx below).
const npmEnv = () => {
  const env: Record<string, string | undefined> = {...process.env, npm_config_update_notifier: 'false'}
  env.NODE_OPTIONS = env.NODE_OPTIONS?.replace(/--import=\S*loopback-guard\.mjs/, '').trim() || undefined
  if (!env.NODE_OPTIONS) delete env.NODE_OPTIONS
  return env as NodeJS.ProcessEnv
}
const npm = (args: string[], cwd: string) => execFileSync('npm', args, {cwd, encoding: 'utf8', env: npmEnv(), stdio: ['ignore', 'pipe', 'pipe']})

describe('npm package', function () {
  this.timeout(240_000)
  let tarball: string
  let files: string[]
  let installDir: string

  before(() => {
    const packDir = mkdtempSync(join(tmpdir(), 'fanout-pack-'))
    // npm test has built dist/ already; --ignore-scripts skips the prepack rebuild.
    const out = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', packDir], PROJECT_ROOT))
    tarball = join(packDir, out[0].filename)
    files = out[0].files.map((f: {path: string}) => f.path)
    installDir = mkdtempSync(join(tmpdir(), 'fanout-npx-'))
    npm(['init', '-y'], installDir)
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], installDir)
  })

  it('ships the built CLI, the manifest and the runtime bundle, and no TypeScript sources', () => {
    for (const expected of ['bin/run.js', 'oclif.manifest.json', 'dist/bundle/index.mjs', 'dist/src/commands/package.js', 'README.md']) {
      assert.ok(files.includes(expected), `${expected} missing from the tarball`)
    }
    for (const name of readdirSync(join(PROJECT_ROOT, 'dist/bundle/chunks'))) assert.ok(files.includes(`dist/bundle/chunks/${name}`), `chunk ${name} missing`)
    assert.deepEqual(files.filter((f) => f.endsWith('.ts')), [])
    assert.deepEqual(files.filter((f) => f.startsWith('test/') || f.startsWith('src/')), [])
  })

  it('runs with npx from an empty folder', () => {
    const version = execFileSync('npx', ['--no-install', 'kinesis-fanout', '--version'], {cwd: installDir, encoding: 'utf8'})
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'))
    assert.match(version, new RegExp(`kinesis-fanout/${pkg.version.replace(/\./g, '\\.')}`))
    const alias = execFileSync('npx', ['--no-install', 'fanout', '--help'], {cwd: installDir, encoding: 'utf8'})
    assert.match(alias, /package/)
  })

  it('writes the same deploy zip as the source tree', () => {
    const zipPath = join(installDir, 'fanout.zip')
    execFileSync('npx', ['--no-install', 'kinesis-fanout', 'package', '--output', zipPath], {cwd: installDir, encoding: 'utf8'})
    const entries = unzipEntries(readFileSync(zipPath))
    const built = ['index.mjs', ...readdirSync(join(PROJECT_ROOT, 'dist/bundle/chunks')).map((name) => `chunks/${name}`)].sort()
    assert.deepEqual([...entries.keys()], built)
    for (const name of built) assert.ok(entries.get(name)!.equals(readFileSync(join(PROJECT_ROOT, 'dist/bundle', name))), name)
  })
})
