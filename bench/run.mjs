// `npm run bench`: runs every bench/cases/*.mjs (each exports `async function run()` returning an
// object) one after the other and prints one JSON object: {"<case>": <its result>, ...}, with the
// machine's load average (os.loadavg(): 1, 5, 15 minutes) at the start and the end and the
// seconds the whole run took: figures measured on a loaded machine are read with its load.
import {readdirSync} from 'node:fs'
import {cpus, loadavg} from 'node:os'
import {basename} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url))
const only = process.argv.slice(2)
const load = () => loadavg().map((value) => Math.round(value * 100) / 100)
const started = performance.now()
const results = {machine: {cpus: cpus().length, loadAverageAtStart: load()}}
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
Object.assign(results.machine, {loadAverageAtEnd: load(), seconds: Math.round((performance.now() - started) / 1000)})
process.stdout.write(JSON.stringify(results, null, 2) + '\n')
