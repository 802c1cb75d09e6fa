// Child process that plays the Lambda runtime for the unzipped bundle: imports index.mjs from the
// given folder (never from the source tree), calls handler for each event read from stdin, and
// prints each result on a line starting with __RESULT__.
import {pathToFileURL} from 'node:url'

const [bundlePath] = process.argv.slice(2)
let input = ''
for await (const chunk of process.stdin) input += chunk
const {events, timeoutMs = 30_000, functionName = 'fanout', pauseMs = 0} = JSON.parse(input)

const {handler} = await import(pathToFileURL(bundlePath).href)
for (const [n, event] of events.entries()) {
  if (n > 0 && pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs))
  const deadline = Date.now() + timeoutMs
  const context = {
    awsRequestId: `req-${n}`,
    functionName,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  }
  let result
  try {
    result = {ok: true, value: await handler(event, context)}
  } catch (error) {
    result = {error: String(error?.stack ?? error), ok: false}
  }
  process.stdout.write(`__RESULT__ ${JSON.stringify(result ?? null)}\n`)
}
// Open sockets (Redis, memcached, keep-alive agents) must not keep the child alive.
process.exit(0)
