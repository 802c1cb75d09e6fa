// The deploy package: the same sources give the same files (entry and chunks) and the same zip (so
// CodeSha256 tells whether code changed); the zip holds index.mjs and every chunk, sorted; the entry
// and what it imports up front hold none of the code a Kinesis-only function does not run.
import assert from 'node:assert/strict'
import {cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
// @ts-expect-error plain JavaScript build script
import {bundleRuntime} from '../../scripts/bundle-runtime.mjs'
import {buildDeployZip, readBundle} from '../../src/package/deploy-zip.js'
import {PROJECT_ROOT} from '../helpers/cli.js'
import {unzipEntries} from '../helpers/unzip.js'

interface Metafile {
  outputs: Record<string, {bytes: number; entryPoint?: string; inputs: Record<string, unknown>; imports: Array<{path: string; kind: string; external?: boolean}>}>
}

/** The output files a module loads before it runs: itself and its static imports, transitively. */
function staticClosure(meta: Metafile, start: string): Set<string> {
  const seen = new Set<string>()
  const stack = [start]
  while (stack.length) {
    const file = stack.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    for (const i of meta.outputs[file].imports) if (i.kind === 'import-statement' && !i.external) stack.push(i.path)
  }
  return seen
}

describe('runtime bundle and deploy zip', function () {
  this.timeout(120_000)
  const dir = mkdtempSync(join(tmpdir(), 'fanout-bundle-'))
  const [a, b] = [join(dir, 'a'), join(dir, 'b')]
  let meta: Metafile

  before(async () => {
    meta = await bundleRuntime(a)
    await bundleRuntime(b)
  })

  it('same sources give byte-identical files and a byte-identical zip of index.mjs and its chunks, sorted', async () => {
    const [filesA, filesB] = [await readBundle(join(a, 'index.mjs')), await readBundle(join(b, 'index.mjs'))]
    assert.deepEqual(filesA.map((f) => f.name), filesB.map((f) => f.name))
    for (const [n, file] of filesA.entries()) assert.ok(file.bytes.equals(filesB[n].bytes), `${file.name} differs`)
    const [zipA, zipB] = [await buildDeployZip(join(a, 'index.mjs')), await buildDeployZip(join(b, 'index.mjs'))]
    assert.ok(zipA.zip.equals(zipB.zip), 'zips differ')
    assert.equal(zipA.sha256, zipB.sha256)
    const names = [...unzipEntries(zipA.zip).keys()]
    assert.deepEqual(names, [...names].sort())
    assert.deepEqual(names, ['index.mjs', ...readdirSync(join(a, 'chunks')).map((n) => `chunks/${n}`)].sort())
    assert.ok(names.length > 10, 'split into chunks')
    assert.equal(zipA.bundleBytes, filesA.reduce((sum, f) => sum + f.bytes.length, 0))
  })

  it('the same sources in another folder (node_modules a symlink there) give the same files', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'fanout-sources-'))
    for (const path of ['runtime', 'scripts', 'package.json', 'tsconfig.json']) cpSync(join(PROJECT_ROOT, path), join(copy, path), {recursive: true})
    symlinkSync(realpathSync(join(PROJECT_ROOT, 'node_modules')), join(copy, 'node_modules'))
    const {bundleRuntime: bundleCopy} = await import(pathToFileURL(join(copy, 'scripts', 'bundle-runtime.mjs')).href)
    await bundleCopy(join(copy, 'out'))
    const [here, there] = [await readBundle(join(a, 'index.mjs')), await readBundle(join(copy, 'out', 'index.mjs'))]
    assert.deepEqual(there.map((f) => f.name), here.map((f) => f.name))
    for (const [n, file] of here.entries()) assert.ok(file.bytes.equals(there[n].bytes), `${file.name} differs`)
  })

  it('a rebuild in the same folder removes the chunks of the build before', async () => {
    const stale = join(b, 'chunks', 'stale-AAAAAAAA.mjs')
    writeFileSync(stale, 'export {}')
    await bundleRuntime(b)
    assert.ok(!readdirSync(join(b, 'chunks')).includes('stale-AAAAAAAA.mjs'))
  })

  it('the files carry no absolute paths of the build machine, and the entry exports handler', async () => {
    for (const file of await readBundle(join(a, 'index.mjs'))) {
      assert.ok(!file.bytes.toString('utf8').includes(process.cwd()), `absolute path of the project in ${file.name}`)
    }
    const module = await import(`file://${join(a, 'index.mjs')}`)
    assert.equal(typeof module.handler, 'function')
  })

  it('index.mjs imports no chunk up front: what it shares with the chunks is inlined, and they import it from index.mjs', () => {
    const entry = readFileSync(join(a, 'index.mjs'), 'utf8')
    assert.doesNotMatch(entry, /(from|import)"\.\/chunks\//)
    const kinesis = readdirSync(join(a, 'chunks')).find((name) => name.startsWith('kinesis-'))!
    assert.match(readFileSync(join(a, 'chunks', kinesis), 'utf8'), /from"\.\.\/index\.mjs"/)
  })

  it('every chunk loads after the entry (its imports from index.mjs and other chunks resolve), bowser excepted (left out)', async () => {
    await import(`file://${join(a, 'index.mjs')}`)
    const chunks = readdirSync(join(a, 'chunks'))
    for (const name of chunks.filter((n) => !n.startsWith('bowser-'))) await import(`file://${join(a, 'chunks', name)}`)
    const bowser = chunks.find((n) => n.startsWith('bowser-'))!
    await assert.rejects(import(`file://${join(a, 'chunks', bowser)}`), /bowser is not in the deploy package/)
  })

  it('the entry and its static imports hold no target driver or client, parking S3 client, STS, KPL or browser code', () => {
    const entry = Object.keys(meta.outputs).find((path) => meta.outputs[path].entryPoint === 'runtime/index.ts')!
    const inputs = [...staticClosure(meta, entry)].flatMap((file) => Object.keys(meta.outputs[file].inputs))
    const notUpFront = [
      /@opensearch-project\//, /\/ioredis\//, /\/memjs\//, /\/protobufjs\//, /\/aws-kinesis-agg\//, /\/bowser\//,
      /@aws-sdk\/client-(kinesis|lambda|sns|sqs|firehose|iot-data-plane|s3|secrets-manager|sts)\//,
      /@aws-sdk\/credential-provider-(cognito-identity|sso|ini|process|web-identity)\//, /@aws-sdk\/credential-providers\//,
      /^runtime\/targets\/(?!registry|names|target\.ts)/,
    ]
    for (const pattern of notUpFront) assert.deepEqual(inputs.filter((input) => pattern.test(input)), [], `${pattern} loaded up front`)
  })
})
