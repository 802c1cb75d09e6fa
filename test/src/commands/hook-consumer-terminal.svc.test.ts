// hook --consumer at a terminal (a pseudo-terminal from util-linux `script`, CI unset), against moto
// behind the moto-fixes stand-in, whose consumers stay CREATING for a while before ACTIVE (as
// Kinesis's do): a spinner runs while hook waits, it says what it waits for, and each step ends
// with its ✔ line.
import {strict as assert} from 'node:assert'
import {deployOnMoto, type DeployedOnMoto} from '../../helpers/deployed-on-moto.js'
import {requireService} from '../../helpers/services.js'
import {atTerminal, requireTerminal} from '../../helpers/terminal.js'

const REGION = 'us-east-1'
/** ora's default spinner (dots). */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

describe('hook --consumer at a terminal (moto behind the moto-fixes stand-in)', function () {
  this.timeout(90_000)
  const suffix = Math.random().toString(36).slice(2, 8)
  const fn = `fanoutEfoTty${suffix}`
  const stream = `efoTty${suffix}`
  const streamArn = `arn:aws:kinesis:${REGION}:123456789012:stream/${stream}`
  let world: DeployedOnMoto

  before(async function () {
    await requireService(this, 'moto')
    requireTerminal(this)
    world = await deployOnMoto({activationMs: 3000, functionName: fn, region: REGION, streams: [stream]})
  })

  after(async () => {
    await world?.fixes.close()
  })

  it('spins while the consumer is CREATING, says it waits for ACTIVE, then hooks through it', async () => {
    const started = Date.now()
    const result = await atTerminal(['hook', '--source-type', 'kinesis', '--source', stream, '--consumer', 'tty-efo', ...world.common], {
      env: {FANOUT_BUNDLE_PATH: world.bundle},
      timeoutMs: 60_000,
    })
    assert.equal(result.code, 0, result.text)
    // It did wait (the stand-in keeps the consumer CREATING for 3 s).
    assert.ok(Date.now() - started >= 3000)
    assert.match(result.text, /Consumer tty-efo is CREATING; waiting for ACTIVE/)
    // The spinner animates while waiting: several of its frames were drawn, next to the step's title.
    const drawn = new Set(FRAMES.filter((frame) => result.text.includes(`${frame} Consumer tty-efo on ${streamArn}`)))
    assert.ok(drawn.size >= 3, `spinner frames drawn: ${[...drawn].join(' ')}\n${result.text}`)
    // ora redraws in place (erase line, cursor to column 1), not one line per frame.
    assert.match(result.screen, /\x1b\[2K|\x1b\[G|\x1b\[1G/)
    // The waiting note gets a line of its own, not glued to the end of the spinner's line.
    // (ora erases the spinner's line first, the note is written from column 1, the spinner is redrawn below)
    assert.match(result.screen, /\x1b\[[02]?K(\x1b\[1?G)?Consumer tty-efo is CREATING; waiting for ACTIVE\r?\n/)
    assert.match(result.text, new RegExp(`✔ Consumer tty-efo registered \\(ACTIVE\\): ${streamArn}/consumer/tty-efo:\\d+`))
    assert.match(result.text, new RegExp(`Hooked: ${streamArn}/consumer/tty-efo:\\d+ -> ${fn} \\(mapping [0-9a-f-]+, \\w+\\)`))
    // No error, and the waiting note did not repeat on every poll.
    assert.doesNotMatch(result.text, /Error:/)
    assert.equal(result.text.match(/waiting for ACTIVE/g)?.length, 1)
  })
})
