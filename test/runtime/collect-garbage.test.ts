import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {COLLECT_AT_HEAP_SHARE, collectAfterInvocation, heapIsFull} from '../../runtime/collect-garbage.js'

const MB = 1024 * 1024
const lambda128 = {heap_size_limit: 140 * MB}

describe('collection after an invocation that leaves the heap full', () => {
  it('is due when the V8 heap in use plus Buffers passes a share of the heap limit', () => {
    const threshold = lambda128.heap_size_limit * COLLECT_AT_HEAP_SHARE
    assert.equal(heapIsFull({...lambda128, external_memory: 5 * MB, used_heap_size: threshold - 6 * MB}), false)
    assert.equal(heapIsFull({...lambda128, external_memory: 5 * MB, used_heap_size: threshold - 4 * MB}), true)
    // A 1 GB function (heap limit ~945 MB) never collects after such a batch.
    assert.equal(heapIsFull({external_memory: 5 * MB, heap_size_limit: 945 * MB, used_heap_size: 45 * MB}), false)
  })

  it('is scheduled after the current task, not run inside the invocation', () => {
    const scheduled: Array<() => void> = []
    assert.equal(collectAfterInvocation({...lambda128, external_memory: 0, used_heap_size: 10 * MB}, (run) => scheduled.push(run)), false)
    assert.equal(scheduled.length, 0)
    assert.equal(collectAfterInvocation({...lambda128, external_memory: 5 * MB, used_heap_size: 45 * MB}, (run) => scheduled.push(run)), true)
    assert.equal(scheduled.length, 1)
  })

  it('collects in a process started without --expose-gc, and leaves no gc global behind', () => {
    // A child without the flag, as Lambda starts Node: the object is freed by the collection.
    const script = `
      const {exposedGc} = await import(${JSON.stringify(new URL('../../runtime/collect-garbage.ts', import.meta.url).href)})
      let ref
      ;(() => { ref = new WeakRef({payload: 'x'.repeat(1000)}) })()
      await new Promise(setImmediate)
      exposedGc()()
      process.stdout.write(JSON.stringify({collected: ref.deref() === undefined, gcGlobal: typeof globalThis.gc}))
    `
    const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {encoding: 'utf8'})
    assert.equal(out.status, 0, out.stderr)
    assert.deepEqual(JSON.parse(out.stdout), {collected: true, gcGlobal: 'undefined'})
  })
})
