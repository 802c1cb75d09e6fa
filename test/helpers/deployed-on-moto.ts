// A fan-out function deployed on moto behind the moto-fixes stand-in (consumers CREATING then
// ACTIVE, mappings on consumer ARNs), with Kinesis streams made for the test: what the CLI tests of
// hook --consumer and list's hooks start from. The bundle is a copy of the built one (deploy reads it).
import {strict as assert} from 'node:assert'
import {CreateStreamCommand, KinesisClient} from '@aws-sdk/client-kinesis'
import {createClient} from '../../runtime/aws/client-factory.js'
import {snapshotBundle} from './bundle-copy.js'
import {runCli, type CliResult} from './cli.js'
import {TEST_AWS_ENV} from './emulators.js'
import {startMotoFixes, type MotoFixes} from './moto-fixes.js'
import {MOTO_ENDPOINT} from './services.js'

export interface DeployedOnMoto {
  fixes: MotoFixes
  bundle: string
  /** --function, --endpoint-url (the stand-in) and --region, for every CLI run. */
  common: string[]
  cli(args: string[]): Promise<CliResult>
}

export async function deployOnMoto(options: {functionName: string; streams: string[]; region: string; activationMs: number}): Promise<DeployedOnMoto> {
  const fixes = await startMotoFixes(MOTO_ENDPOINT, {activationMs: options.activationMs})
  const common = ['--function', options.functionName, '--endpoint-url', fixes.endpoint, '--region', options.region]
  const kinesis = createClient(KinesisClient, {
    credentials: {accessKeyId: TEST_AWS_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: TEST_AWS_ENV.AWS_SECRET_ACCESS_KEY},
    endpoint: fixes.endpoint,
    region: options.region,
  })
  for (const name of options.streams) await kinesis.send(new CreateStreamCommand({ShardCount: 1, StreamName: name}))
  kinesis.destroy()
  const bundle = await snapshotBundle()
  const cli = (args: string[]) => runCli([...args, ...common], {env: {FANOUT_BUNDLE_PATH: bundle}})
  const deployed = await cli(['deploy', '--json'])
  assert.equal(deployed.code, 0, deployed.stderr)
  return {bundle, cli, common, fixes}
}
