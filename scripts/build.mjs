// Builds everything the published package needs: compiled CLI (dist/src), compiled runtime
// (dist/runtime, for the CLI's shared schema), the single-file runtime bundle that the deploy zip
// carries (dist/bundle/index.mjs), and the oclif manifest for fast start-up.
import {execFileSync} from 'node:child_process'
import {rmSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {bundleRuntime} from './bundle-runtime.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = (name) => `${root}node_modules/.bin/${name}`
const run = (cmd, args) => execFileSync(cmd, args, {cwd: root, stdio: 'inherit'})

rmSync(`${root}dist`, {force: true, recursive: true})
run(bin('tsc'), ['-p', 'tsconfig.build.json'])
await bundleRuntime(`${root}dist/bundle/index.mjs`)
run(bin('oclif'), ['manifest'])
