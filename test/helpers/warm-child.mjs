// A warm Lambda container for the unzipped bundle: imports index.mjs once, then handles one event
// per stdin line and answers each on a line starting with __RESULT__ (logs go to stdout as well).
import {createInterface} from 'node:readline'
import {pathToFileURL} from 'node:url'

const [bundlePath, timeoutArg, functionName = 'fanout'] = process.argv.slice(2)
const timeoutMs = Number(timeoutArg) || 30_000
const {handler} = await import(pathToFileURL(bundlePath).href)
let n = 0
for await (const line of createInterface({input: process.stdin})) {
  if (!line.trim()) continue
  const deadline = Date.now() + timeoutMs
  const context = {awsRequestId: `req-${n++}`, functionName, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now())}
  let result
  try {
    result = {ok: true, value: await handler(JSON.parse(line), context)}
  } catch (error) {
    result = {error: String(error?.stack ?? error), ok: false}
  }
  process.stdout.write(`__RESULT__ ${JSON.stringify(result ?? null)}\n`)
}
process.exit(0)
