import {strict as assert} from 'node:assert'
import {ctrlC, ScriptedPrompter} from '../../../src/prompts/scripted-prompter.js'

describe('ScriptedPrompter', () => {
  const choices = [
    {name: 'orders (Kinesis stream)', value: 'orders'},
    {name: 'users (DynamoDB stream)', value: 'users'},
  ]

  it('answers by question name and records what was asked and offered', async () => {
    const prompter = new ScriptedPrompter({id: 'x', kind: (offered: typeof choices) => offered[1].value, ok: true})
    assert.equal(await prompter.input({message: 'Id', name: 'id'}), 'x')
    assert.equal(await prompter.select({choices, message: 'Kind', name: 'kind'}), 'users')
    assert.equal(await prompter.confirm({message: 'Ok?', name: 'ok'}), true)
    assert.deepEqual(prompter.asked, ['id', 'kind', 'ok'])
    assert.equal(prompter.offered.kind.length, 2)
  })

  it('types a search term that is not among the offered values, as a user would', async () => {
    const prompter = new ScriptedPrompter({source: 'arn:x'})
    const value = await prompter.search({
      message: 'Source',
      name: 'source',
      source: (term) => (term ? [{name: `Use ${term}`, value: term}] : choices),
    })
    assert.equal(value, 'arn:x')
  })

  it('fails on a question it has no answer for, on a refused answer, and raises Ctrl-C as inquirer does', async () => {
    const prompter = new ScriptedPrompter({id: '', stop: ctrlC()})
    await assert.rejects(prompter.confirm({message: '?', name: 'other'}), /Unexpected question 'other'/)
    await assert.rejects(prompter.input({message: 'Id', name: 'id', validate: (v) => (v ? true : 'required')}), /refused: required/)
    await assert.rejects(prompter.confirm({message: '?', name: 'stop'}), {name: 'ExitPromptError'})
  })
})
