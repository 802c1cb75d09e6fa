// The runtime bundle: minified ESM split into an entry `index.mjs` (exports `handler`) and chunks
// beside it (`chunks/NAME-HASH.mjs`) that the entry imports on first use, so a cold start reads and
// parses only the code the function's mappings run (each target type with its SDK client or driver,
// parking's S3 client, STS, Secrets Manager, KPL deaggregation, the credential chain past the
// environment). No node_modules; deterministic
// (no timestamps, no absolute paths, content-hashed chunk names): identical sources give identical
// files. docs/runtime.md "What the package holds" says what lives where.
import * as esbuild from 'esbuild'
import {mkdirSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {join, relative, resolve, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {flattenEntry} from './flatten-entry.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Where the chunks go, beside index.mjs: src/package/deploy-zip.ts (CHUNKS_DIR) zips them from there. */
const CHUNKS_DIR = 'chunks'

/**
 * Code the function never runs, left out of the package: bowser is the user-agent parser of the
 * SDK's browser code path (Node clients use util-user-agent-node), only ever reached through a
 * dynamic import that a Node process never makes.
 */
const leaveOut = {
  name: 'leave-out',
  setup(build) {
    build.onResolve({filter: /^bowser$/}, (args) => ({namespace: 'left-out', path: args.path}))
    build.onLoad({filter: /.*/, namespace: 'left-out'}, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not in the deploy package (browser code path)`)})`,
      loader: 'js',
    }))
  },
}

/**
 * A chunk loaded by a dynamic import of a package's index is named after its folder (`dist-es`):
 * named after the package instead (`client-s3-HASH.mjs`), so the file list says what each holds.
 * The hash stays, so each old name occurs only as that file's name in the import strings.
 */
function renameChunks(files, metafile, rel) {
  const renames = []
  for (const [path, output] of Object.entries(metafile.outputs)) {
    const name = rel(path)
    const pkg = output.entryPoint?.match(/node_modules\/(?:@[^/]+\/)?([^/]+)\/[^/]+\/index\.js$/)?.[1]
    const [, folder, hash] = name.match(/^chunks\/(dist-es|dist-cjs|index)-(\w+)\.mjs$/) ?? []
    if (pkg && folder) renames.push([`${folder}-${hash}.mjs`, `${pkg}-${hash}.mjs`])
  }
  const renamed = new Map()
  for (let [path, text] of files) {
    for (const [from, to] of renames) {
      text = text.replaceAll(`/${from}"`, `/${to}"`)
      if (path === `${CHUNKS_DIR}/${from}`) path = `${CHUNKS_DIR}/${to}`
    }
    renamed.set(path, text)
  }
  return renamed
}

/** CommonJS dependencies (ioredis, memjs, protobufjs) call require() for Node built-ins. */
const REQUIRE_BANNER = "import{createRequire as __kfReq}from'node:module';const require=__kfReq(import.meta.url);"

const COMMON = {
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
}

/**
 * Builds into `outdir`: index.mjs (its static imports inlined, scripts/flatten-entry.mjs) and the
 * chunks it loads on first use; removes chunks of earlier builds. Returns the first pass's metafile
 * (which input lives in which first-pass output; the entry's static closure is index.mjs now).
 */
export async function bundleRuntime(outdir) {
  outdir = resolve(outdir)
  const result = await esbuild.build({
    ...COMMON,
    absWorkingDir: root,
    entryPoints: {index: 'runtime/index.ts'},
    outdir,
    entryNames: '[name]',
    chunkNames: `${CHUNKS_DIR}/[name]-[hash]`,
    outExtension: {'.js': '.mjs'},
    bundle: true,
    splitting: true,
    write: false,
    // Paths as seen from the project (node_modules/...), even when node_modules is a symlink (a
    // worktree's): chunk boundaries and hashes depend on the input paths.
    preserveSymlinks: true,
    // The SDK's ES module builds: their dynamic imports (the credential chain's SSO, INI, process,
    // web-identity providers and nested clients) become chunks loaded only when the chain gets there,
    // and unused exports are dropped; the CommonJS builds require() them all up front.
    mainFields: ['module', 'main'],
    // aws-kinesis-agg builds its message type with Root.fromJSON: the light runtime has it, without
    // the .proto parser.
    alias: {protobufjs: 'protobufjs/light'},
    plugins: [leaveOut],
    metafile: true,
    banner: {js: REQUIRE_BANNER},
  })
  const rel = (path) => relative(outdir, resolve(root, path)).split(sep).join('/')
  const files = new Map(result.outputFiles.map((file) => [rel(file.path), file.text]))
  const imports = new Map(
    Object.entries(result.metafile.outputs).map(([path, output]) => [rel(path), output.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => rel(i.path))]),
  )
  const written = renameChunks(await flattenEntry(files, (path) => imports.get(path) ?? [], COMMON, `${REQUIRE_BANNER}\n`), result.metafile, rel)
  mkdirSync(join(outdir, CHUNKS_DIR), {recursive: true})
  for (const [path, text] of written) writeFileSync(join(outdir, path), text)
  for (const name of readdirSync(join(outdir, CHUNKS_DIR))) {
    if (!written.has(`${CHUNKS_DIR}/${name}`)) rmSync(join(outdir, CHUNKS_DIR, name), {force: true})
  }
  return result.metafile
}
