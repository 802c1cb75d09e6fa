import assert from 'node:assert/strict'
import {TARGET_TYPES} from '../../../runtime/mapping/schema.js'
import {createTargetRegistry, TARGET_FACTORY_LOADERS} from '../../../runtime/targets/registry.js'
import type {DriverFactory, TargetDriver} from '../../../runtime/targets/target.js'
import {testMapping} from '../context.js'

describe('target registry', () => {
  it('has a factory for each of the nine target types', async () => {
    assert.deepEqual(Object.keys(TARGET_FACTORY_LOADERS).sort(), [...TARGET_TYPES].sort())
    for (const type of TARGET_TYPES) assert.equal(typeof (await TARGET_FACTORY_LOADERS[type]()), 'function', type)
  })

  it('builds a target once per mapping and again when its row changes', async () => {
    let built = 0
    const factory: DriverFactory = (): TargetDriver => {
      built++
      return {label: 'x', limits: () => ({maxBytesPerCall: 10, maxEntriesPerCall: 1, maxEntryBytes: 10}), preview: () => [], send: async () => [], shape: () => ({entries: [], refused: []})}
    }
    const loaders = Object.fromEntries(TARGET_TYPES.map((t) => [t, async () => factory])) as typeof TARGET_FACTORY_LOADERS
    const registry = createTargetRegistry(loaders)
    const mapping = testMapping('kinesis', 'a')
    const context = {deadline: Date.now() + 1000, log: console as never, mapping}
    await registry.targetFor(mapping).deliver([], context)
    await registry.targetFor({...mapping}).deliver([], context)
    assert.equal(built, 1)
    await registry.targetFor({...mapping, destination: 'b'}).deliver([], context)
    assert.equal(built, 2)
  })
})
