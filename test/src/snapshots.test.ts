// Script-facing shapes are changed on purpose only: each command's flags (names, types, options,
// defaults) and each command's --json keys are compared with committed snapshots. After a
// deliberate change: UPDATE_SNAPSHOTS=1 npx mocha test/src/snapshots.test.ts, and commit the diff.
import {strict as assert} from 'node:assert'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {RESULT_KEYS} from '../../src/results.js'
import {PROJECT_ROOT} from '../helpers/cli.js'
import {commandSnapshots} from '../helpers/command-snapshot.js'

const SNAPSHOTS = join(PROJECT_ROOT, 'test/snapshots')

function compare(name: string, actual: unknown): void {
  const path = join(SNAPSHOTS, name)
  const text = `${JSON.stringify(actual, null, 2)}\n`
  if (process.env.UPDATE_SNAPSHOTS || !existsSync(path)) {
    writeFileSync(path, text)
    return
  }
  assert.deepEqual(
    JSON.parse(text),
    JSON.parse(readFileSync(path, 'utf8')),
    `${name} changed: if on purpose, run UPDATE_SNAPSHOTS=1 npx mocha test/src/snapshots.test.ts and commit test/snapshots/${name}`,
  )
}

describe('command snapshots', function () {
  this.timeout(60_000)

  it('every command\'s flags and arguments match test/snapshots/command-flags.json', async () => {
    compare('command-flags.json', await commandSnapshots())
  })

  it('every command\'s --json keys match test/snapshots/json-keys.json', () => {
    compare('json-keys.json', Object.fromEntries(Object.entries(RESULT_KEYS).sort(([a], [b]) => a.localeCompare(b))))
  })

  it('every command with --json (and tail, whose --json is JSON lines) has its keys listed', async () => {
    const commands = await commandSnapshots()
    const withJson = Object.entries(commands)
      .filter(([id, command]) => command.json || id === 'tail')
      .map(([id]) => id)
    const missing = withJson.filter((id) => !(id in RESULT_KEYS))
    assert.deepEqual(missing, [], 'add their result types and keys to src/results.ts')
    // unregister has no --json flag yet its result is typed (the deleted item); every listed command exists.
    assert.deepEqual(Object.keys(RESULT_KEYS).filter((id) => !(id in commands)), [])
  })
})
