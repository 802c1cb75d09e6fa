// The plan as a person reads it: one line per resource, and what changes.
import {strict as assert} from 'node:assert'
import type {DeployPlan} from '../../../src/deploy/plan.js'
import {renderPlan} from '../../../src/deploy/render-plan.js'

const plan = (code: DeployPlan['code'], architecture = 'x86_64') =>
  ({
    code,
    configuration: {action: 'unchanged', changes: []},
    ctx: {account: '111122223333', partition: 'aws', region: 'eu-west-1'},
    desired: {architecture},
    functionName: 'fanout',
    notices: [],
    role: {action: 'unchanged', arn: 'arn:aws:iam::111122223333:role/fanoutRole', managed: true, name: 'fanoutRole', policies: [], trust: 'unchanged'},
    table: {action: 'unchanged', arn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/fanoutTargets'},
    tableName: 'fanoutTargets',
  }) as unknown as DeployPlan

describe('deploy: rendered plan', () => {
  it('says why code with the same bytes is updated (architecture), and shows both hashes when the bytes change', () => {
    const arch = renderPlan(plan({action: 'update', bytes: 10, currentSha256: 'AAA=', sha256: 'AAA='}, 'arm64'))
    assert.match(arch, /^ {2}~ function code: update \(architecture -> arm64, CodeSha256 AAA=\)$/m)
    const bytes = renderPlan(plan({action: 'update', bytes: 10, currentSha256: 'AAA=', sha256: 'BBB='}))
    assert.match(bytes, /^ {2}~ function code: update \(10 bytes, CodeSha256 AAA= -> BBB=\)$/m)
    const same = renderPlan(plan({action: 'unchanged', bytes: 10, currentSha256: 'AAA=', sha256: 'AAA='}))
    assert.match(same, /^ {2}= function code: unchanged \(CodeSha256 AAA=\)$/m)
  })
})
