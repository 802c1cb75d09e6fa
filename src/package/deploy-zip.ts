// The deploy zip: the prebuilt runtime bundle (made by `npm run build` and shipped in the npm
// package: dist/bundle/index.mjs and the chunks it loads on first use, dist/bundle/chunks/*.mjs),
// entries sorted by name with fixed timestamps and modes, so the same sources always give the same
// bytes (and CodeSha256 tells whether code changed).
import {createHash} from 'node:crypto'
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {PassThrough} from 'node:stream'
import {UserError} from '../errors.js'

/**
 * The bundle's entry file: dist/src/package/deploy-zip.js -> dist/bundle/index.mjs (and the same
 * from src/ under tsx); its chunks are in chunks/ beside it. FANOUT_BUNDLE_PATH points at the entry
 * of another bundle (tests: a changed copy, to deploy different code).
 */
const OWN_PATH = fileURLToPath(import.meta.url)
export const BUNDLE_PATH =
  process.env.FANOUT_BUNDLE_PATH ||
  (/[\\/]dist[\\/]src[\\/]package[\\/]/.test(OWN_PATH)
    ? fileURLToPath(new URL('../../bundle/index.mjs', import.meta.url))
    : fileURLToPath(new URL('../../dist/bundle/index.mjs', import.meta.url)))

/** The entry's name in the zip (Lambda handler `index.handler`) and the folder of its chunks. */
export const ENTRY_NAME = 'index.mjs'
export const CHUNKS_DIR = 'chunks'

const FIXED_DATE = new Date('1980-01-01T00:00:00Z')

export interface BundleFile {
  /** Path inside the zip. */
  name: string
  bytes: Buffer
}

export interface DeployZip {
  zip: Buffer
  /** Base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  sha256: string
  /** Bytes of every file in the zip, uncompressed. */
  bundleBytes: number
  /** Names of the files in the zip. */
  files: string[]
}

/** The files the zip holds: the entry as index.mjs and every chunk beside it, sorted by name. */
export async function readBundle(entryPath = BUNDLE_PATH): Promise<BundleFile[]> {
  let entry: Buffer
  try {
    entry = await readFile(entryPath)
  } catch {
    throw new UserError(`The runtime bundle ${entryPath} is missing`, {suggestion: 'run `npm run build` in the project first'})
  }
  const chunksDir = join(dirname(entryPath), CHUNKS_DIR)
  const chunkNames = await readdir(chunksDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  const chunks = await Promise.all(
    chunkNames.filter((name) => name.endsWith('.mjs')).map(async (name) => ({bytes: await readFile(join(chunksDir, name)), name: `${CHUNKS_DIR}/${name}`})),
  )
  return [{bytes: entry, name: ENTRY_NAME}, ...chunks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/**
 * Writes the bundle's files (readBundle) into `dir`, which must not hold another bundle; returns the
 * path of the copy's index.mjs. A snapshot: a rebuild meanwhile (which removes the chunks it no longer
 * makes) does not change or break the copy.
 */
export async function copyBundle(dir: string, entryPath = BUNDLE_PATH): Promise<string> {
  await mkdir(join(dir, CHUNKS_DIR), {recursive: true})
  for (const file of await readBundle(entryPath)) await writeFile(join(dir, file.name), file.bytes)
  return join(dir, ENTRY_NAME)
}

export async function buildDeployZip(entryPath = BUNDLE_PATH): Promise<DeployZip> {
  const files = await readBundle(entryPath)
  const {default: archiver} = await import('archiver')
  const archive = archiver('zip', {zlib: {level: 9}})
  const sink = new PassThrough()
  const parts: Buffer[] = []
  sink.on('data', (part: Buffer) => parts.push(part))
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve)
    archive.on('error', reject)
  })
  archive.pipe(sink)
  for (const file of files) archive.append(file.bytes, {date: FIXED_DATE, mode: 0o644, name: file.name})
  await archive.finalize()
  await finished
  const zip = Buffer.concat(parts)
  return {
    bundleBytes: files.reduce((sum, file) => sum + file.bytes.length, 0),
    files: files.map((file) => file.name),
    sha256: createHash('sha256').update(zip).digest('base64'),
    zip,
  }
}
