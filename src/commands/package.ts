import {Flags} from '@oclif/core'
import {writeFile} from 'node:fs/promises'
import {BaseCommand} from '../base-command.js'
import {buildDeployZip} from '../package/deploy-zip.js'
import type {PackageJson} from '../results.js'

export default class Package extends BaseCommand<typeof Package> {
  static override description =
    'Write the deploy zip (exactly what deploy uploads): one minified bundle index.mjs exporting handler, byte-identical for the same sources.'

  static override enableJsonFlag = true

  static override examples = ['<%= config.bin %> package --output fanout.zip']

  static override flags = {
    output: Flags.string({char: 'o', description: 'Where to write the zip.', required: true}),
  }

  async run(): Promise<PackageJson> {
    const {bundleBytes, sha256, zip} = await buildDeployZip()
    await writeFile(this.flags.output, zip)
    this.log(`Wrote ${this.flags.output}: ${zip.length} bytes (bundle ${bundleBytes} bytes), CodeSha256 ${sha256}`)
    return {bundleBytes, bytes: zip.length, output: this.flags.output, sha256}
  }
}
