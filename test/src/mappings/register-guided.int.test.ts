// The register wizard through the injected prompt layer, against kinesalite + dynalite: a full
// register by answers only, one with some flags given (only the rest asked), and cancels that
// write nothing.
import {strict as assert} from 'node:assert'
import {AwsClients} from '../../../src/aws/clients.js'
import {CancelledError} from '../../../src/errors.js'
import {MappingTable} from '../../../src/mappings/mapping-table.js'
import {registerGuided} from '../../../src/mappings/register-guided.js'
import {again, ctrlC, ScriptedPrompter} from '../../../src/prompts/scripted-prompter.js'
import type {Choice} from '../../../src/prompts/prompter.js'
import {startMappingWorld, type MappingWorld} from './fixture.js'

describe('register wizard (injected prompts, kinesalite + dynalite)', function () {
  let world: MappingWorld
  let aws: AwsClients
  let table: MappingTable
  let shown: string[]

  before(async () => {
    world = await startMappingWorld()
    Object.assign(process.env, world.env)
    aws = new AwsClients({region: 'us-east-1'})
    table = new MappingTable(aws, world.table)
  })
  beforeEach(() => {
    shown = []
  })
  after(async () => {
    for (const name of Object.keys(world?.env ?? {})) delete process.env[name]
    await world?.close()
  })

  const deps = (prompter: ScriptedPrompter) => ({aws, prompter, show: (text: string) => shown.push(text), table})
  const pick = (text: string) => (choices: Choice<unknown>[]) => {
    const choice = choices.find((c) => c.name.includes(text))
    if (!choice) throw new Error(`no choice with '${text}' among ${choices.map((c) => c.name).join(', ')}`)
    return choice.value
  }

  it('registers by answers only: lists the account\'s sources and destinations, shows the item, writes after confirmation', async () => {
    const prompter = new ScriptedPrompter({
      active: true,
      deaggregate: false,
      destination: pick(world.destStream),
      filter: '',
      id: 'wizard-copy',
      parallel: false,
      partitionKey: '${data.customerId}',
      source: pick(world.sourceStream),
      type: 'kinesis',
      write: true,
    })
    const mapping = await registerGuided({properties: {}, source: {}}, deps(prompter))
    assert.deepEqual(prompter.asked, ['type', 'source', 'destination', 'id', 'parallel', 'deaggregate', 'filter', 'partitionKey', 'active', 'write'])
    assert.ok(!prompter.offered.destination.some((choice) => choice.value === world.sourceStream), 'the source is not offered as its own destination')
    assert.ok(prompter.offered.source.some((choice) => choice.name.includes(world.sourceStream)))
    assert.ok(prompter.offered.destination.some((choice) => choice.value === world.destStream))
    assert.ok(prompter.offered.parallel.every((choice) => choice.description), 'ordering choices explained')
    assert.match(shown.join('\n'), /destination\s+copy-\w+[\s\S]*order\s+ordered/)
    assert.equal(mapping.sourceArn, world.sourceArn)
    const item = (await world.scan()).find((row) => row.id.S === 'wizard-copy')
    assert.deepEqual(item, {
      active: {BOOL: true}, collapse: {S: 'none'}, collapseSetBy: {S: 'kinesis-fanout'}, destination: {S: world.destStream}, id: {S: 'wizard-copy'},
      parallel: {BOOL: false}, partitionKey: {S: '${data.customerId}'}, sourceArn: {S: world.sourceArn}, type: {S: 'kinesis'},
    })
  })

  it('asks only what the flags left out (source typed as an ARN; collapse not asked when given)', async () => {
    const prompter = new ScriptedPrompter({active: false, deaggregate: true, filter: '', parallel: true, source: world.sourceArn, write: true})
    await registerGuided(
      {destination: 'http://localhost:1/123456789012/q', id: 'wizard-sqs', properties: {collapse: 'JSON'}, source: {}, type: 'sqs'},
      deps(prompter),
    )
    assert.deepEqual(prompter.asked, ['source', 'parallel', 'deaggregate', 'filter', 'active', 'write'])
    const item = (await world.scan()).find((row) => row.id.S === 'wizard-sqs')
    assert.deepEqual([item?.collapse, item?.deaggregate, item?.active], [{S: 'JSON'}, {BOOL: true}, {BOOL: false}])
  })

  it('asks collapse for sns/sqs/iot with each mode explained, and newlines only for concat', async () => {
    const prompter = new ScriptedPrompter({active: false, appendNewlines: true, collapse: 'concat', filter: '', parallel: true, write: true})
    await registerGuided(
      {destination: 'http://localhost:1/123456789012/q', id: 'wizard-concat', properties: {deaggregate: false}, source: {'source-arn': world.sourceArn}, type: 'sqs'},
      deps(prompter),
    )
    assert.deepEqual(prompter.asked, ['collapse', 'parallel', 'appendNewlines', 'filter', 'active', 'write'])
    assert.deepEqual(prompter.offered.collapse.map((choice) => choice.value), ['none', 'JSON', 'concat', 'concat-b64'])
    assert.ok(prompter.offered.collapse.every((choice) => choice.description && !choice.description.includes('\n')))
    const item = (await world.scan()).find((row) => row.id.S === 'wizard-concat')
    assert.deepEqual(item?.appendNewlines, {BOOL: true})
  })

  it('writes nothing on Ctrl-C at any question, nor when the summary is declined', async () => {
    const before = await world.scan()
    const answers = {active: true, deaggregate: false, destination: world.destStream, filter: '', id: 'never', parallel: true, partitionKey: '', source: world.sourceArn, type: 'kinesis', write: true}
    for (const question of ['type', 'destination', 'id', 'filter', 'active', 'write']) {
      const prompter = new ScriptedPrompter({...answers, [question]: ctrlC()})
      await assert.rejects(registerGuided({properties: {}, source: {}}, deps(prompter)), {name: 'ExitPromptError'})
    }
    const declined = new ScriptedPrompter({...answers, write: false})
    await assert.rejects(registerGuided({properties: {}, source: {}}, deps(declined)), CancelledError)
    assert.deepEqual(await world.scan(), before)
  })

  it('refuses a flag that does not apply as soon as the type and source are known', async () => {
    const before = await world.scan()
    const prompter = new ScriptedPrompter({source: world.sourceArn})
    await assert.rejects(registerGuided({properties: {convertDDB: true}, source: {}, type: 'kinesis'}, deps(prompter)), /--convert-ddb only applies to DynamoDB stream sources/)
    assert.deepEqual(prompter.asked, ['source'])
    assert.ok(!prompter.offered.source.some((choice) => choice.name.includes('Kinesis stream')), 'with --convert-ddb only DynamoDB sources are offered')
    await assert.rejects(registerGuided({properties: {collapse: 'JSON'}, source: {'source-arn': world.sourceArn}, type: 'kinesis'}, deps(new ScriptedPrompter({}))), /--collapse only applies to sns, sqs and iot/)
    assert.deepEqual(await world.scan(), before)
  })

  it('refuses an existing id before asking for confirmation', async () => {
    const prompter = new ScriptedPrompter({active: true, deaggregate: false, filter: '', parallel: true, partitionKey: '', write: true})
    await assert.rejects(
      registerGuided({destination: world.destStream, id: 'wizard-copy', properties: {}, source: {'source-arn': world.sourceArn}, type: 'kinesis'}, deps(prompter)),
      /already exists/,
    )
    assert.ok(!prompter.asked.includes('write'))
  })

  it('checks each answer when given and asks again: the destination when picked, the id when typed, the filter when typed', async () => {
    const prompter = new ScriptedPrompter({
      active: false,
      deaggregate: false,
      destination: again('no-such-stream', world.sourceStream, world.destStream),
      filter: again('{"data": "order"}', '{}', '{"data":{"type":["order"]}}'),
      id: again('wizard-copy', 'bad\nid', 'wizard-again'),
      parallel: true,
      partitionKey: again('${data.}', ''),
      source: world.sourceArn,
      type: 'kinesis',
      write: true,
    })
    await registerGuided({properties: {}, source: {}}, deps(prompter))
    assert.deepEqual(prompter.asked.filter((name) => name === 'destination').length, 3)
    const told = shown.join('\n')
    assert.match(told, /Kinesis stream 'no-such-stream' not found[^\n]*: choose another destination/)
    assert.match(told, /is the source stream itself[^\n]*: choose another destination/)
    assert.deepEqual(prompter.refused.map((r) => [r.name, r.value]), [
      ['id', 'wizard-copy'], ['id', 'bad\nid'], ['filter', '{"data": "order"}'], ['filter', '{}'], ['partitionKey', '${data.}'],
    ])
    assert.match(prompter.refused[0].reason, /already exists for this source/)
    const item = (await world.scan()).find((row) => row.id.S === 'wizard-again')
    assert.deepEqual([item?.destination, item?.filter], [{S: world.destStream}, {S: '{"data":{"type":["order"]}}'}])
  })

  it('offers a filter with an example built from the source (Kinesis data, DynamoDB raw or plain images)', async () => {
    const messages: string[] = []
    const recording = (answers: Record<string, unknown>) => {
      const prompter = new ScriptedPrompter(answers)
      const input = prompter.input.bind(prompter)
      prompter.input = async (question) => {
        messages.push(`${question.name}: ${question.message}`)
        return input(question)
      }
      return prompter
    }
    await registerGuided({destination: world.destStream, id: 'ex-kinesis', properties: {}, source: {'source-arn': world.sourceArn}, type: 'kinesis'}, deps(recording({active: false, deaggregate: false, filter: '', parallel: true, partitionKey: '', write: true})))
    await registerGuided({destination: world.destStream, id: 'ex-ddb', properties: {}, source: {'source-arn': world.ddbStreamArn}, type: 'kinesis'}, deps(recording({active: false, convertDDB: false, filter: '', parallel: true, partitionKey: '', write: true})))
    await registerGuided({destination: world.destStream, id: 'ex-plain', properties: {}, source: {'source-arn': world.ddbStreamArn}, type: 'kinesis'}, deps(recording({active: false, convertDDB: true, filter: '', parallel: true, partitionKey: '', write: true})))
    const filters = messages.filter((m) => m.startsWith('filter: '))
    assert.match(filters[0], /only records matching this event pattern go to this mapping, e\.g\. \{"data":\{"type":\["order"\]\}\}/)
    assert.match(filters[1], /\{"eventName":\["INSERT","MODIFY"\],"dynamodb":\{"NewImage":\{"status":\{"S":\["shipped"\]\}\}\}\}/)
    assert.match(filters[2], /"NewImage":\{"status":\["shipped"\]\}/)
  })

  it('tells a missing configuration table before the first question', async () => {
    const prompter = new ScriptedPrompter({})
    const missing = new MappingTable(aws, 'noSuchTable')
    await assert.rejects(registerGuided({properties: {}, source: {}}, {...deps(prompter), table: missing}), /Configuration table 'noSuchTable' not found/)
    assert.deepEqual(prompter.asked, [])
  })
})
