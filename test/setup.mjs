// Loaded before every test file (.mocharc "require").
// - Tests never leave loopback: the guard refuses any connection or DNS lookup outside 127.0.0.0/8
//   and ::1 in this process, and TEST_AWS_ENV (test/helpers/emulators.ts) loads it into every Node
//   child through NODE_OPTIONS. A refusal anywhere fails the running test, naming the host.
// - A catch-all AWS endpoint on loopback (AWS_ENDPOINT_URL): a call no test pointed at an emulator
//   gets a clear refusal instead of going to AWS. FANOUT_TEST_STANDIN_REPORT=1 lists those calls
//   per test at the end of the run.
// - The SDK's Node-version notice is noise in test output on Node 20, which the project supports.
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {installLoopbackGuard} from './helpers/loopback-guard.mjs'
import {startRefusalStandin} from './helpers/aws-refusal-standin.mjs'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const guardDir = mkdtempSync(join(tmpdir(), 'fanout-guard-'))
const guardLog = join(guardDir, 'refused.jsonl')
writeFileSync(guardLog, '')
process.env.FANOUT_LOOPBACK_GUARD_LOG = guardLog
process.on('exit', () => rmSync(guardDir, {force: true, recursive: true}))
installLoopbackGuard()
// Every Node child inherits the guard, whatever environment a test builds from process.env.
const guardFlag = `--import=${new URL('./helpers/loopback-guard.mjs', import.meta.url).href}`
if (!process.env.NODE_OPTIONS?.includes(guardFlag)) process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, guardFlag].filter(Boolean).join(' ')

const standin = await startRefusalStandin()
process.env.FANOUT_TEST_AWS_STANDIN = standin.endpoint
process.env.AWS_ENDPOINT_URL = standin.endpoint

let seen = 0
let standinSeen = 0
const standinReport = []

function refusedSince() {
  let size = 0
  try {
    size = statSync(guardLog).size
  } catch {
    return []
  }
  if (size <= seen) return []
  const text = readFileSync(guardLog, 'utf8')
  const fresh = text.slice(seen)
  seen = Buffer.byteLength(text)
  return fresh
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
}

function checkLoopback() {
  const refused = refusedSince()
  if (refused.length === 0) return
  const hosts = [...new Set(refused.map((entry) => entry.what))]
  throw new Error(`This test (or a hook before it) tried to leave loopback: refused ${hosts.join('; ')} (point the client at an emulator, moto or the test stand-in)`)
}

export const mochaHooks = {
  // Each test fails itself when a refusal was recorded while it ran (in this process or a child):
  // its function is wrapped here, so a leak fails that test only, not the whole run.
  beforeEach() {
    const test = this.currentTest
    const fn = test?.fn
    if (!fn || fn.loopbackGuarded) return
    const wrapped =
      fn.length > 0
        ? function (done) {
            return fn.call(this, (error) => {
              if (error) {
                refusedSince()
                return done(error)
              }
              try {
                checkLoopback()
              } catch (refusal) {
                return done(refusal)
              }
              done()
            })
          }
        : async function () {
            try {
              await fn.call(this)
            } catch (error) {
              // The test failed anyway: still say when it tried to leave loopback (often the cause).
              try {
                checkLoopback()
              } catch (refusal) {
                if (error instanceof Error) error.message = `${refusal.message}\n${error.message}`
              }
              throw error
            }
            checkLoopback()
          }
    wrapped.loopbackGuarded = true
    wrapped.toString = () => fn.toString()
    test.fn = wrapped
  },
  afterEach() {
    const title = this.currentTest?.fullTitle() ?? '(unknown test)'
    if (standin.hits.length > standinSeen) {
      const calls = standin.hits.slice(standinSeen).map((hit) => `${hit.service} ${hit.operation}`)
      standinSeen = standin.hits.length
      standinReport.push(`${title}: ${[...new Set(calls)].join(', ')}`)
    }
  },
  afterAll() {
    if (process.env.FANOUT_TEST_STANDIN_REPORT && standinReport.length > 0) {
      process.stderr.write(`\nCalls answered by the catch-all test endpoint (no emulator configured):\n${standinReport.map((line) => `  ${line}`).join('\n')}\n`)
    }
  },
}
