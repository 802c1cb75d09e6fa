// The mapping commands at a terminal (a pseudo-terminal from util-linux `script`, CI unset), against
// kinesalite + dynalite: the register wizard checks each answer when given and asks again (a
// destination that does not exist, an id that is taken, a broken filter), never offers the source
// as its own destination; update and set-active ask for the mapping from a list.
import {strict as assert} from 'node:assert'
import {spawn, spawnSync, type ChildProcessWithoutNullStreams} from 'node:child_process'
import {PROJECT_ROOT, RUN_JS} from '../../helpers/cli.js'
import {TEST_AWS_ENV} from '../../helpers/emulators.js'
import {startMappingWorld, type MappingWorld} from '../mappings/fixture.js'

const DOWN = '\u001b[B'
const ENTER = '\r'
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '')

/** A CLI run at a pseudo-terminal, driven step by step: wait for a text, then type. */
class Terminal {
  private out = ''
  private seen = 0
  private readonly child: ChildProcessWithoutNullStreams
  private readonly closed: Promise<void>

  constructor(args: string[], env: Record<string, string>) {
    const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`
    // A wide terminal: long questions stay on one line.
    const command = `stty cols 250 rows 60 2>/dev/null; ${quote(process.execPath)} ${quote(RUN_JS)} ${args.map(quote).join(' ')}; echo "rc=$?"`
    const full: Record<string, string | undefined> = {...process.env, ...TEST_AWS_ENV, ...env, COLUMNS: '200', NO_COLOR: '1'}
    delete full.CI
    delete full.AWS_PROFILE
    this.child = spawn('script', ['-qec', command, '/dev/null'], {cwd: PROJECT_ROOT, env: full as NodeJS.ProcessEnv})
    this.child.stdout.on('data', (chunk) => (this.out += chunk))
    this.child.stderr.on('data', (chunk) => (this.out += chunk))
    this.closed = new Promise((resolve) => this.child.on('close', () => resolve()))
  }

  get text(): string {
    return plain(this.out)
  }

  /** Waits until `pattern` appears after what earlier steps consumed, then types `keys`. */
  async step(pattern: RegExp, keys = '', timeoutMs = 20_000): Promise<void> {
    const started = Date.now()
    for (;;) {
      const rest = this.text.slice(this.seen)
      const match = pattern.exec(rest)
      if (match) {
        this.seen += match.index + match[0].length
        break
      }
      if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${pattern} in:\n${this.text}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    // A moment for the prompt to take keys; each key on its own, as typed.
    await new Promise((resolve) => setTimeout(resolve, 150))
    for (const key of keys.match(/\u001b\[[A-D]|[\s\S]/g) ?? []) {
      this.child.stdin.write(key)
      await new Promise((resolve) => setTimeout(resolve, 15))
    }
  }

  async exit(): Promise<number> {
    await this.closed
    return Number(/rc=(\d+)/.exec(this.text)?.[1] ?? -1)
  }
}

describe('mapping commands at a terminal (kinesalite + dynalite)', function () {
  this.timeout(120_000)
  let world: MappingWorld
  const run = (args: string[]) => new Terminal([...args, '--table', world.table], world.env)

  before(async function () {
    if (spawnSync('script', ['-qec', 'true', '/dev/null']).status !== 0) {
      if (process.env.CI || process.env.FANOUT_REQUIRE_SERVICES) throw new Error('util-linux `script` is required for this suite (a pseudo-terminal)')
      this.skip()
    }
    world = await startMappingWorld()
    await world.put({active: {BOOL: false}, collapse: {S: 'none'}, destination: {S: world.destStream}, id: {S: 'taken'}, sourceArn: {S: world.sourceArn}, type: {S: 'kinesis'}})
  })
  after(() => world?.close())

  it('register: each answer checked when given, asked again; the source is not offered as its destination', async () => {
    const term = run(['register'])
    await term.step(/Target type/, `${DOWN}${DOWN}${DOWN}${ENTER}`)
    await term.step(/Source.*the stream whose records are fanned out/, world.sourceStream)
    await term.step(new RegExp(`${world.sourceStream} \\(Kinesis stream\\)`), ENTER)
    await term.step(/Destination Kinesis stream/, 'no-such-stream')
    await term.step(/Use 'no-such-stream'/, ENTER)
    await term.step(/✗ Kinesis stream 'no-such-stream' not found.*choose another destination/)
    await term.step(/Destination Kinesis stream/, world.destStream.slice(0, 6))
    await term.step(new RegExp(world.destStream), ENTER)
    await term.step(/Mapping id/, `taken${ENTER}`)
    await term.step(/already exists for this source: choose another id/, `${'\u007f'.repeat(5)}tty-copy${ENTER}`)
    await term.step(/Ordering/, ENTER)
    await term.step(/Split KPL-aggregated records/, `n${ENTER}`)
    await term.step(/Filter \(optional\).*e\.g\. \{"data":\{"type":\["order"\]\}\}/, `{"data": "order"}${ENTER}`)
    await term.step(/\n> data: must be an object or a list of values, not "order"/, `${'\u007f'.repeat(20)}{"data":{"type":["order"]}}${ENTER}`)
    await term.step(/Partition key \(optional\)/, ENTER)
    await term.step(/Activate the mapping now/, `y${ENTER}`)
    await term.step(/Write it to table/, ENTER)
    const code = await term.exit()
    assert.equal(code, 0, term.text)
    assert.match(term.text, /Registered kinesis mapping 'tty-copy' \(active\)/)
    // The source was never among the destinations offered.
    const offered = term.text.slice(term.text.indexOf('Destination Kinesis stream'))
    assert.ok(!new RegExp(`❯ ${world.sourceStream}\\b|^\\s+${world.sourceStream}$`, 'm').test(offered), offered)
    const item = (await world.scan()).find((row) => row.id.S === 'tty-copy')
    assert.deepEqual([item?.destination, item?.filter, item?.active], [{S: world.destStream}, {S: '{"data":{"type":["order"]}}'}, {BOOL: true}])
  })

  it('update and set-active ask for the mapping from a list when --id is left out', async () => {
    let term = run(['update', '--no-parallel'])
    await term.step(/Which mapping\?/, 'taken')
    await term.step(/taken\s+kinesis -> /, ENTER)
    assert.equal(await term.exit(), 0, term.text)
    assert.match(term.text, /Updated mapping 'taken' of .*: parallel=false/)
    assert.deepEqual((await world.scan()).find((row) => row.id.S === 'taken')?.parallel, {BOOL: false})

    term = run(['set-active'])
    await term.step(/Which mapping\?/, 'taken')
    await term.step(/taken\s+kinesis -> /, ENTER)
    await term.step(/Set the mapping/, ENTER)
    assert.equal(await term.exit(), 0, term.text)
    assert.match(term.text, /Mapping 'taken' of .* is now active/)
  })
})
