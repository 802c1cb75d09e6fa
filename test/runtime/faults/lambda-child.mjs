// A Lambda container for the unzipped bundle, as the fault suite plays it: imports index.mjs once,
// then for each event (one stdin line) prints `__START__` when the invocation's clock starts, calls
// the handler with a context whose deadline is TIMEOUT ms away, and prints `__RESULT__` with the
// result and the handler's own time. The parent kills the process at the deadline (an overrun).
import {createInterface} from 'node:readline'
import {pathToFileURL} from 'node:url'

const [bundlePath, timeoutArg, functionName = 'fanout'] = process.argv.slice(2)
const timeoutMs = Number(timeoutArg)
const {handler} = await import(pathToFileURL(bundlePath).href)
process.stdout.write('__READY__\n')
let n = 0
for await (const line of createInterface({crlfDelay: Infinity, input: process.stdin})) {
  if (!line.trim()) continue
  const event = JSON.parse(line)
  const started = Date.now()
  const deadline = started + timeoutMs
  const context = {awsRequestId: `req-${n++}`, functionName, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now())}
  process.stdout.write('__START__\n')
  let result
  try {
    result = {ok: true, value: await handler(event, context)}
  } catch (error) {
    result = {error: String(error?.stack ?? error), ok: false}
  }
  process.stdout.write(`__RESULT__ ${JSON.stringify({...result, handlerMs: Date.now() - started})}\n`)
}
process.exit(0)
