// npm's `prepare`: builds (scripts/build.mjs) unless dist/ was already built from exactly these
// sources. npm runs prepare after `npm ci`, and again when `npx kinesis-fanout` in a clone links the
// clone into npx's cache (the first npx call after npm ci): without this check that second run
// rebuilt everything (20-40 s). The stamp is a hash of every build input's content.
//   node scripts/prepare.mjs           build if stale
//   node scripts/prepare.mjs --check   exit 0 when fresh, 1 when a build is needed (no build)
import {createHash} from 'node:crypto'
import {existsSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const STAMP = join(root, 'dist', '.build-stamp')
const INPUT_DIRS = ['src', 'runtime', 'scripts']
const INPUT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']
const OUTPUTS = ['dist/bundle/index.mjs', 'dist/bundle/chunks', 'dist/src/commands', 'oclif.manifest.json']

function files(dir) {
  const out = []
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...files(path))
    else if (entry.isFile()) out.push(path)
  }
  return out
}

export function inputHash() {
  const hash = createHash('sha256')
  const paths = [
    ...INPUT_DIRS.filter((dir) => existsSync(join(root, dir))).flatMap((dir) => files(join(root, dir))),
    ...INPUT_FILES.map((file) => join(root, file)).filter((path) => existsSync(path)),
  ].sort()
  for (const path of paths) {
    hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0')
  }
  return hash.digest('hex')
}

export function isFresh(hash = inputHash()) {
  if (!OUTPUTS.every((output) => existsSync(join(root, output)))) return false
  try {
    return statSync(STAMP).isFile() && readFileSync(STAMP, 'utf8').trim() === hash
  } catch {
    return false
  }
}

const hash = inputHash()
if (process.argv.includes('--check')) {
  process.exit(isFresh(hash) ? 0 : 1)
}
if (isFresh(hash)) {
  console.error('kinesis-fanout: dist/ is up to date with the sources (no rebuild)')
} else {
  await import('./build.mjs')
  writeFileSync(STAMP, `${hash}\n`)
}
