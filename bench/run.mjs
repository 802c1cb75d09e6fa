// `npm run bench`: runs every bench/cases/*.mjs (each exports `async function run()` returning an
// object) one after the other and prints one JSON object: {"<case>": <its result>, ...}.
import {readdirSync} from 'node:fs'
import {basename} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url))
const only = process.argv.slice(2)
const results = {}
for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.mjs')).sort()) {
  const name = basename(file, '.mjs')
  if (only.length && !only.includes(name)) continue
  const {run} = await import(pathToFileURL(casesDir + file).href)
  try {
    results[name] = await run()
  } catch (error) {
    results[name] = {error: String(error?.message ?? error)}
    process.exitCode = 1
  }
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n')
