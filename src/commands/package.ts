import {Flags} from '@oclif/core'
import {writeFile} from 'node:fs/promises'
import {AWS_GLOBAL_FLAGS, BaseCommand, baseFlagsHiding} from '../base-command.js'
import {UserError} from '../errors.js'
import {buildDeployZip} from '../package/deploy-zip.js'
import type {PackageJson} from '../results.js'

export default class Package extends BaseCommand<typeof Package> {
  static override description =
    'Write the deploy zip (exactly what deploy uploads): the minified bundle index.mjs exporting handler and the chunks it loads on first use (chunks/), byte-identical for the same sources.'

  static override enableJsonFlag = true

  static override examples = ['<%= config.bin %> package --output fanout.zip']

  static override baseFlags = baseFlagsHiding(...AWS_GLOBAL_FLAGS, 'yes')

  static override flags = {
    output: Flags.string({char: 'o', description: 'Where to write the zip.', required: true}),
  }

  async run(): Promise<PackageJson> {
    const {bundleBytes, files, sha256, zip} = await buildDeployZip()
    await writeFile(this.flags.output, zip).catch((error: NodeJS.ErrnoException) => {
      throw writeError(this.flags.output, error)
    })
    this.log(`Wrote ${this.flags.output}: ${zip.length} bytes (bundle ${bundleBytes} bytes in ${files.length} files), CodeSha256 ${sha256}`)
    return {bundleBytes, bytes: zip.length, output: this.flags.output, sha256}
  }
}

/** A failed write as one line in the CLI's style: what failed, on which file, what to do. */
function writeError(output: string, error: NodeJS.ErrnoException): UserError {
  const why: Record<string, [string, string]> = {
    EACCES: ['permission denied', 'choose a file you may write, with --output'],
    EISDIR: ['it is a folder', 'give a file name, e.g. --output fanout.zip'],
    ENOENT: ['its folder does not exist', 'create the folder first, or check --output'],
    ENOSPC: ['no space left on the device', 'free some space, or write elsewhere with --output'],
    ENOTDIR: ['a part of its path is not a folder', 'check --output'],
    EROFS: ['the file system is read-only', 'write elsewhere with --output'],
  }
  const [reason, suggestion] = why[error.code ?? ''] ?? [error.code ?? error.message, 'check --output']
  return new UserError(`Cannot write the deploy zip to '${output}': ${reason}`, {suggestion})
}
