// The deploy zip is deterministic: the same sources give the same bundle bytes and the same zip
// (so CodeSha256 tells whether code changed), and the bundle is one self-contained file.
import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
// @ts-expect-error plain JavaScript build script
import {bundleRuntime} from '../../scripts/bundle-runtime.mjs'
import {buildDeployZip} from '../../src/package/deploy-zip.js'
import {unzipEntries} from '../helpers/unzip.js'

describe('runtime bundle and deploy zip', function () {
  this.timeout(120_000)

  it('same sources give a byte-identical bundle and zip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanout-bundle-'))
    const [a, b] = [join(dir, 'a', 'index.mjs'), join(dir, 'b', 'index.mjs')]
    await bundleRuntime(a)
    await bundleRuntime(b)
    const [bundleA, bundleB] = [readFileSync(a), readFileSync(b)]
    assert.ok(bundleA.equals(bundleB), 'bundles differ')
    const [zipA, zipB] = [await buildDeployZip(bundleA), await buildDeployZip(bundleB)]
    assert.ok(zipA.zip.equals(zipB.zip), 'zips differ')
    assert.equal(zipA.sha256, zipB.sha256)
    assert.deepEqual([...unzipEntries(zipA.zip).keys()], ['index.mjs'])
  })

  it('the bundle carries no absolute paths of the build machine and exports handler', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanout-bundle-'))
    const out = join(dir, 'index.mjs')
    await bundleRuntime(out)
    const text = readFileSync(out, 'utf8')
    assert.ok(!text.includes(process.cwd()), 'absolute path of the project in the bundle')
    const module = await import(`file://${out}`)
    assert.equal(typeof module.handler, 'function')
  })
})
