// The runtime bundle: one minified ESM file exporting `handler`, no node_modules, deterministic
// (no timestamps, no absolute paths), so identical sources give identical bytes.
import * as esbuild from 'esbuild'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

export async function bundleRuntime(outfile) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['runtime/index.ts'],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    // CommonJS dependencies (ioredis, memjs, protobufjs) call require() for Node built-ins.
    banner: {js: "import{createRequire as __kfReq}from'node:module';const require=__kfReq(import.meta.url);"},
    logLevel: 'warning',
  })
  return result.metafile
}
