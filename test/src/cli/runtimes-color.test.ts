// deploy --runtime accepts the runtimes Lambda accepts; FORCE_COLOR and NO_COLOR as Node reads them.
import {strict as assert} from 'node:assert'
import {deployableRuntime, DEPLOYABLE_RUNTIMES} from '../../../src/cli/runtimes.js'
import {describeError} from '../../../src/errors.js'
import {useColor} from '../../../src/ui/color.js'

describe('deployableRuntime', () => {
  it('accepts nodejs20.x, 22.x and 24.x in any case, in Lambda\'s spelling', () => {
    assert.deepEqual(DEPLOYABLE_RUNTIMES, ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'])
    assert.equal(deployableRuntime(undefined), undefined)
    assert.equal(deployableRuntime('nodejs22.x'), 'nodejs22.x')
    assert.equal(deployableRuntime('NodeJS24.X'), 'nodejs24.x')
  })

  it('refuses runtimes Lambda no longer accepts, unknown ones and other languages, as usage errors', () => {
    for (const value of ['nodejs18.x', 'nodejs16.x', 'nodejs26.x', 'nodejs', 'python3.12', '']) {
      const error = (() => {
        try {
          deployableRuntime(value)
        } catch (error_) {
          return error_
        }
        return undefined
      })()
      assert.ok(error, value)
      const {exitCode, message} = describeError(error)
      assert.equal(exitCode, 2, value)
      assert.match(message, new RegExp(`^Invalid --runtime '${value.replace('.', '\\.')}': .*expected one of nodejs20\\.x, nodejs22\\.x, nodejs24\\.x$`))
    }
  })
})

describe('useColor', () => {
  const tty = {isTTY: true}
  const pipe = {isTTY: false}
  it('colours a terminal, not a pipe', () => {
    assert.equal(useColor(tty, {}), true)
    assert.equal(useColor(pipe, {}), false)
  })
  it('NO_COLOR turns it off; FORCE_COLOR turns it on, even into a pipe, and wins over NO_COLOR', () => {
    assert.equal(useColor(tty, {NO_COLOR: '1'}), false)
    assert.equal(useColor(pipe, {FORCE_COLOR: '1'}), true)
    assert.equal(useColor(pipe, {FORCE_COLOR: ''}), true)
    assert.equal(useColor(pipe, {FORCE_COLOR: '1', NO_COLOR: '1'}), true)
    assert.equal(useColor(tty, {FORCE_COLOR: '0'}), false)
    assert.equal(useColor(tty, {FORCE_COLOR: 'false'}), false)
  })
})
