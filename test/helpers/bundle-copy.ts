// A snapshot of the built runtime bundle (dist/bundle: index.mjs and its chunks/) in a temporary
// folder, for tests that deploy it through FANOUT_BUNDLE_PATH: a rebuild running meanwhile does not
// change the code they deploy, and a changed copy deploys different code (dist/bundle is shared,
// never edited).
import {cp, mkdtemp, appendFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {BUNDLE_PATH, ENTRY_NAME} from '../../src/package/deploy-zip.js'

/**
 * Copies the whole bundle folder; returns the path of the copy's entry (what FANOUT_BUNDLE_PATH
 * takes). `change`: a comment appended to the copy's index.mjs, so its zip differs from the built one.
 */
export async function copyBundle(options: {change?: string} = {}): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'fanout-bundle-')), 'bundle')
  await cp(dirname(BUNDLE_PATH), dir, {recursive: true})
  const entry = join(dir, ENTRY_NAME)
  if (options.change) await appendFile(entry, `\n// ${options.change}\n`)
  return entry
}
