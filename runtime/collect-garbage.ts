// A full garbage collection after an invocation that leaves much behind. A 10,000-record batch
// leaves 20-30 MB of garbage (its event, records, entries and request buffers), most of it promoted
// to V8's old space while the calls were in flight; V8 collects it only once the next invocation
// grows the heap again, so that one peaks at its own working set plus the previous one's garbage
// (and Buffers outside the V8 heap, which the heap flags Lambda passes do not bound, wait for the
// same collection). Collected between invocations, the peak stays flat; the price is that V8, whose
// heap then starts small, collects more often during the next large invocation (1.1-1.25x CPU for
// back-to-back 10,000-record batches at 128 MB).
//
// Lambda's Node bootstrap does not pass --expose-gc. The collection function is then taken from a
// fresh vm context after setting the flag at run time: Node keeps V8's flags writable after start
// (it disables V8's flag freezing for v8.setFlagsFromString), --expose-gc is read only when a
// context is created, and the main context gets no `gc` global. Should that ever fail, nothing is
// collected and the function works as before.
import {getHeapStatistics, setFlagsFromString, type HeapInfo} from 'node:v8'
import {runInNewContext} from 'node:vm'

/** Collect when the V8 heap in use plus Buffers exceeds this share of the heap limit (35 MB at
 * 128 MB, about 240 MB at 1,024 MB: small batches and large functions never pay for a collection). */
export const COLLECT_AT_HEAP_SHARE = 0.25

type Collect = () => void

let collect: Collect | undefined

/** The full collection: `gc` when the process has it, else taken from a fresh vm context (a no-op
 * should that fail). */
export function exposedGc(): Collect {
  const global = (globalThis as {gc?: unknown}).gc
  if (typeof global === 'function') return global as Collect
  try {
    setFlagsFromString('--expose-gc')
    const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined')
    return typeof gc === 'function' ? (gc as Collect) : () => undefined
  } catch {
    return () => undefined
  }
}

type HeapUse = Pick<HeapInfo, 'used_heap_size' | 'external_memory' | 'heap_size_limit'>

export function heapIsFull(stats: HeapUse): boolean {
  return stats.used_heap_size + stats.external_memory > stats.heap_size_limit * COLLECT_AT_HEAP_SHARE
}

/**
 * When the heap holds much, a full collection right after the current task: the handler's answer
 * is already on its way to Lambda (the collection, 10-30 ms for a full batch, does not delay it),
 * and should Lambda freeze the process first, it runs before the next event is handled.
 */
export function collectAfterInvocation(stats: HeapUse = getHeapStatistics(), schedule: (run: () => void) => unknown = setImmediate): boolean {
  if (!heapIsFull(stats)) return false
  schedule(() => (collect ??= exposedGc())())
  return true
}
