// A warm container for the unzipped bundle that checks what the function keeps between
// invocations (run with --expose-gc): for each invocation it parses the event text afresh, registers
// the event and each of its records with a FinalizationRegistry (WeakRefs would keep them alive
// through the job that reads them), and after the answer and a full collection reports how many
// were not freed and the Buffers (arrayBuffers) still allocated.
// stdin: {"text": EVENT_JSON, "invocations": N, "timeoutMs": MS}; stdout: one __RESULT__ line with a
// report per invocation. RETENTION_SNAPSHOT=FILE: a heap snapshot when something was kept.
import {writeHeapSnapshot} from 'node:v8'
import {pathToFileURL} from 'node:url'

const [bundlePath] = process.argv.slice(2)
let input = ''
for await (const chunk of process.stdin) input += chunk
const {text, invocations, timeoutMs = 30_000} = JSON.parse(input)
const {handler} = await import(pathToFileURL(bundlePath).href)
const turn = () => new Promise(setImmediate)
const freed = new Map()
const registry = new FinalizationRegistry((n) => freed.set(n, (freed.get(n) ?? 0) + 1))

async function invoke(n) {
  const event = JSON.parse(text)
  registry.register(event, n)
  for (const record of event.Records) registry.register(record, n)
  const deadline = Date.now() + timeoutMs
  const answer = await handler(event, {awsRequestId: `req-${n}`, getRemainingTimeInMillis: () => deadline - Date.now()})
  return {answer, objects: event.Records.length + 1}
}

await turn()
globalThis.gc()
const baseline = process.memoryUsage().arrayBuffers
const reports = []
for (let n = 0; n < invocations; n++) {
  const {answer, objects} = await invoke(n)
  // Calls abandoned at the invocation's abort settle a moment after the answer (their records with them).
  await new Promise((resolve) => setTimeout(resolve, 200))
  globalThis.gc()
  // Finalization callbacks run as tasks after the collection.
  await new Promise((resolve) => setTimeout(resolve, 20))
  const kept = objects - (freed.get(n) ?? 0)
  if (kept && process.env.RETENTION_SNAPSHOT) writeHeapSnapshot(process.env.RETENTION_SNAPSHOT)
  reports.push({arrayBuffersMb: (process.memoryUsage().arrayBuffers - baseline) / 1048576, failures: answer.batchItemFailures.length, kept, records: objects - 1})
}
process.stdout.write(`__RESULT__ ${JSON.stringify(reports)}\n`)
process.exit(0)
