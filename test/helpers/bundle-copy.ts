// A snapshot of the built runtime bundle (index.mjs and its chunks/) in a temporary folder, for
// tests that deploy it through FANOUT_BUNDLE_PATH: a rebuild running meanwhile does not change the
// code they deploy, and a changed copy deploys different code (dist/bundle is shared, never edited).
import {appendFile, mkdtemp} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {copyBundle} from '../../src/package/deploy-zip.js'

/**
 * Copies the bundle; returns the path of the copy's entry (what FANOUT_BUNDLE_PATH takes).
 * `change`: a comment appended to the copy's index.mjs, so its zip differs from the built one.
 */
export async function snapshotBundle(options: {change?: string} = {}): Promise<string> {
  const entry = await copyBundle(await mkdtemp(join(tmpdir(), 'fanout-bundle-')))
  if (options.change) await appendFile(entry, `\n// ${options.change}\n`)
  return entry
}
