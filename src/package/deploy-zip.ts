// The deploy zip: the prebuilt runtime bundle (dist/bundle/index.mjs, made by `npm run build`
// and shipped in the npm package) as index.mjs, with fixed timestamps and modes so the same
// sources always give the same bytes (and CodeSha256 tells whether code changed).
import {createHash} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {fileURLToPath} from 'node:url'
import {PassThrough} from 'node:stream'
import {UserError} from '../errors.js'

/**
 * dist/src/package/deploy-zip.js -> dist/bundle/index.mjs (and the same from src/ under tsx).
 * FANOUT_BUNDLE_PATH points at another bundle (tests: a changed copy, to deploy different code).
 */
const OWN_PATH = fileURLToPath(import.meta.url)
export const BUNDLE_PATH =
  process.env.FANOUT_BUNDLE_PATH ||
  (/[\\/]dist[\\/]src[\\/]package[\\/]/.test(OWN_PATH)
    ? fileURLToPath(new URL('../../bundle/index.mjs', import.meta.url))
    : fileURLToPath(new URL('../../dist/bundle/index.mjs', import.meta.url)))

const FIXED_DATE = new Date('1980-01-01T00:00:00Z')

export interface DeployZip {
  zip: Buffer
  /** Base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  sha256: string
  bundleBytes: number
}

export async function readBundle(path = BUNDLE_PATH): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch {
    throw new UserError(`The runtime bundle ${path} is missing`, {suggestion: 'run `npm run build` in the project first'})
  }
}

export async function buildDeployZip(bundle?: Buffer): Promise<DeployZip> {
  const source = bundle ?? (await readBundle())
  const {default: archiver} = await import('archiver')
  const archive = archiver('zip', {zlib: {level: 9}})
  const sink = new PassThrough()
  const chunks: Buffer[] = []
  sink.on('data', (chunk: Buffer) => chunks.push(chunk))
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve)
    archive.on('error', reject)
  })
  archive.pipe(sink)
  archive.append(source, {date: FIXED_DATE, mode: 0o644, name: 'index.mjs'})
  await archive.finalize()
  await finished
  const zip = Buffer.concat(chunks)
  return {bundleBytes: source.length, sha256: createHash('sha256').update(zip).digest('base64'), zip}
}
