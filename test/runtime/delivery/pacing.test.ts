// Pacing of a mapping's batches: the bound on calls in flight, starts grouped in one event-loop turn
// (never in the continuation of the call that just ended), and one abort listener per pass on the
// invocation's signal.
import assert from 'node:assert/strict'
import {getEventListeners} from 'node:events'
import {runDriver} from '../../../runtime/delivery/deliver-mapping.js'
import {PARALLEL_BATCHES} from '../../../runtime/delivery/loop.js'
import {passSignal, runPaced} from '../../../runtime/delivery/pacing.js'
import {ACKNOWLEDGED, type Entry, type EntryOutcome, type TargetDriver} from '../../../runtime/targets/target.js'
import {deliveryContext, testMapping} from '../context.js'
import {outRecords} from '../records.js'

const turn = () => new Promise((resolve) => setImmediate(resolve))

/** Tasks that stay pending until settled by hand. */
function manualTasks() {
  const started: number[] = []
  const settle = new Map<number, (value?: unknown) => void>()
  const task = (index: number) => {
    started.push(index)
    return new Promise((resolve) => settle.set(index, resolve))
  }
  return {settle, started, task}
}

describe('pacing', () => {
  it('runs every task with at most `limit` pending, in index order', async () => {
    let pending = 0
    let most = 0
    const order: number[] = []
    await runPaced(50, 4, async (index) => {
      order.push(index)
      most = Math.max(most, ++pending)
      await new Promise((resolve) => setTimeout(resolve, index % 3))
      pending--
    })
    assert.equal(most, 4)
    assert.deepEqual(order, Array.from({length: 50}, (_, n) => n))
  })

  it('starts the tasks of freed slots together in a later turn, not in the settling task’s continuation', async () => {
    const {settle, started, task} = manualTasks()
    const done = runPaced(10, 3, task)
    assert.deepEqual(started, [0, 1, 2], 'the first group starts at once')
    settle.get(0)!()
    settle.get(1)!()
    await Promise.resolve()
    await Promise.resolve()
    assert.deepEqual(started, [0, 1, 2], 'nothing starts in the microtasks of a settled task')
    await turn()
    assert.deepEqual(started, [0, 1, 2, 3, 4], 'both freed slots are filled in one turn')
    for (let n = 2; n < 10; n++) {
      while (!settle.has(n)) await turn()
      settle.get(n)!()
    }
    await done
    assert.equal(started.length, 10)
  })

  it('a task that starts nothing takes no slot; the first error rejects', async () => {
    const ran: number[] = []
    await runPaced(6, 1, (index) => {
      ran.push(index)
      return index % 2 ? undefined : Promise.resolve()
    })
    assert.deepEqual(ran, [0, 1, 2, 3, 4, 5])
    await assert.rejects(runPaced(3, 2, (index) => (index === 1 ? Promise.reject(new Error('boom')) : Promise.resolve())), /boom/)
    await runPaced(0, 8, () => assert.fail('no task'))
  })

  it('passSignal: aborted with its parent, which holds one listener until released', () => {
    const parent = new AbortController()
    const pass = passSignal(parent.signal, 8)
    assert.equal(getEventListeners(parent.signal, 'abort').length, 1)
    parent.abort(new Error('ending'))
    assert.ok(pass.signal.aborted)
    assert.equal((pass.signal.reason as Error).message, 'ending')
    pass.release()
    const other = new AbortController()
    passSignal(other.signal, 8).release()
    assert.equal(getEventListeners(other.signal, 'abort').length, 0)
    assert.ok(passSignal(AbortSignal.abort(), 1).signal.aborted, 'an aborted parent aborts the pass at once')
  })

  it('the loop: calls in flight bounded by PARALLEL_BATCHES, one listener on the invocation signal, none left after', async () => {
    const invocation = new AbortController()
    let inFlight = 0
    let most = 0
    let listeners = 0
    const driver: TargetDriver = {
      label: 'fake',
      limits: () => ({maxBytesPerCall: 100, maxEntriesPerCall: 2, maxEntryBytes: 10}),
      preview: () => [],
      async send(batch: Entry[], signal: AbortSignal): Promise<EntryOutcome[]> {
        most = Math.max(most, ++inFlight)
        listeners = Math.max(listeners, getEventListeners(invocation.signal, 'abort').length)
        // As the SDK does: a listener of its own on the call's signal while the call is in flight.
        const onAbort = () => undefined
        signal.addEventListener('abort', onAbort, {once: true})
        await new Promise((resolve) => setTimeout(resolve, 1))
        signal.removeEventListener('abort', onAbort)
        inFlight--
        return batch.map(() => ACKNOWLEDGED)
      },
      shape: (list) => ({entries: list.map((r) => ({records: [r], size: 1})), refused: []}),
    }
    const records = outRecords(Array.from({length: 200}, (_, n) => `r${n}`))
    const report = await runDriver(driver, records, {...deliveryContext(testMapping('kinesis', 'out'), 10_000), signal: invocation.signal})
    assert.equal(report.delivered, 200)
    assert.equal(most, PARALLEL_BATCHES)
    assert.equal(listeners, 1, 'one listener for the pass, not one per call')
    assert.equal(getEventListeners(invocation.signal, 'abort').length, 0)
  })
})
