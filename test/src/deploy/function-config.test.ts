import {strict as assert} from 'node:assert'
import type {FunctionConfiguration} from '@aws-sdk/client-lambda'
import {configurationChanges, desiredFunction, FUNCTION_DEFAULTS} from '../../../src/deploy/function.js'

const ROLE = 'arn:aws:iam::111122223333:role/fxRole'

describe('deploy: desired function configuration', () => {
  it('uses the defaults at creation', () => {
    const d = desiredFunction('fx', 'fxTargets', ROLE, {})
    assert.deepEqual(
      {arch: d.architecture, env: d.environment, memory: d.memory, runtime: d.runtime, timeout: d.timeout, vpc: d.vpc},
      {arch: 'x86_64', env: {FANOUT_TABLE: 'fxTargets', MALLOC_TRIM_THRESHOLD_: '131072'}, memory: FUNCTION_DEFAULTS.memory, runtime: 'nodejs22.x', timeout: FUNCTION_DEFAULTS.timeout, vpc: undefined},
    )
  })

  it('keeps what an existing function has for settings not given, and other environment variables', () => {
    const current: FunctionConfiguration = {
      Architectures: ['arm64'],
      Description: desiredFunction('fx', 'fxTargets', ROLE, {}).description,
      Environment: {Variables: {FANOUT_CONFIG_TTL_SECONDS: '10', FANOUT_TABLE: 'fxTargets', MALLOC_TRIM_THRESHOLD_: '65536'}},
      Handler: 'index.handler',
      MemorySize: 1024,
      Role: ROLE,
      Runtime: 'nodejs20.x',
      Timeout: 120,
      VpcConfig: {SecurityGroupIds: ['sg-1'], SubnetIds: ['subnet-1']},
    }
    const same = desiredFunction('fx', 'fxTargets', ROLE, {}, current)
    assert.deepEqual(configurationChanges(current, same), [], 'nothing given, nothing changes (VPC kept as is)')
    assert.equal(same.architecture, 'arm64')

    const changed = desiredFunction('fx', 'otherTable', ROLE, {memory: 512, securityGroups: ['sg-1'], subnets: ['subnet-2', 'subnet-1']}, current)
    assert.deepEqual(
      configurationChanges(current, changed).map((c) => c.field),
      ['MemorySize', 'Description', 'Environment', 'VpcConfig'],
    )
    assert.deepEqual(changed.environment, {FANOUT_CONFIG_TTL_SECONDS: '10', FANOUT_TABLE: 'otherTable', MALLOC_TRIM_THRESHOLD_: '65536'}, "the user's value kept")
  })

  it('adds MALLOC_TRIM_THRESHOLD_ to a function deployed without it (memory stays flat between invocations)', () => {
    const current: FunctionConfiguration = {Environment: {Variables: {FANOUT_TABLE: 'fxTargets'}}, Handler: 'index.handler', Role: ROLE}
    const desired = desiredFunction('fx', 'fxTargets', ROLE, {}, current)
    assert.deepEqual(desired.environment, {FANOUT_TABLE: 'fxTargets', MALLOC_TRIM_THRESHOLD_: '131072'})
    assert.ok(configurationChanges(current, desired).some((c) => c.field === 'Environment'))
  })
})
