// The es target at the invocation's abort: a hung _bulk request is abandoned (the client's abort())
// and the process carries on (abort() returns a thenable, which must not reach EventTarget).
import assert from 'node:assert/strict'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {resetTargetClients} from '../../../runtime/aws/target-clients.js'
import {createEsDriver} from '../../../runtime/targets/es.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {memoryLogger} from '../log.js'
import {testMapping} from '../context.js'
import {outRecords} from '../records.js'

describe('es target: abort', () => {
  let server: Server
  const saved = {...process.env}
  before(async () => {
    Object.assign(process.env, TEST_AWS_ENV)
    resetTargetClients()
    server = createServer(() => undefined) // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  })
  after(() => {
    for (const key of Object.keys(TEST_AWS_ENV)) {
      if (saved[key] === undefined) delete process.env[key]
      else process.env[key] = saved[key]
    }
    resetTargetClients()
    server.closeAllConnections()
    server.close()
  })

  it('abandons a hung bulk request at the abort without crashing the process', async () => {
    const port = (server.address() as AddressInfo).port
    const driver = createEsDriver(testMapping('es', `http://127.0.0.1:${port}#idx`))
    const {entries} = driver.shape(outRecords(['{"a":1}']), driver.limits())
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const started = Date.now()
    await assert.rejects(driver.send(entries, controller.signal, memoryLogger()), /aborted/i)
    assert.ok(Date.now() - started < 2_000)
    await new Promise((resolve) => setTimeout(resolve, 50)) // the aborted request settles
  })
})
