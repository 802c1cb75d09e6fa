// The `--json` result of every command: the shape scripts read. Each command's run() returns its
// type from here, and RESULT_KEYS lists each shape's top-level keys; `resultKeys<T>()` makes the
// compiler check that a list holds exactly the keys of its type, and test/src/snapshots.test.ts
// compares RESULT_KEYS with the committed snapshot (test/snapshots/json-keys.json). A change to a
// script-facing shape therefore changes the type, the list and the snapshot: a deliberate change.
import type {DeployResult} from './deploy/apply.js'
import type {DestroyResult} from './deploy/destroy.js'
import type {planJson} from './deploy/render-plan.js'
import type {DemoSummary} from './demo/run-demo.js'
import type {EventSourceMapping} from './event-sources/find.js'
import type {SetEnabledResult} from './event-sources/set-enabled.js'
import type {UnhookResult} from './event-sources/unhook.js'
import type {TargetTotals} from './local-run/function-log.js'
import type {LocalRunSummary} from './local-run/local-runner.js'
import type {ParkedSummary} from './parking/listing.js'
import type {StatusReport} from './status/collect.js'

/**
 * The attributes a mapping item may carry in `--json` (register, update, unregister, set-active,
 * activate, deactivate: the item as stored, secrets masked; list: an array of them). Unknown
 * attributes of a row are passed through as they are.
 */
export interface MappingItemJson {
  sourceArn: string
  id: string
  type: string
  destination: string
  active: boolean
  role?: string
  externalId?: string
  region?: string
  collapse?: string
  /** `kinesis-fanout` when this CLI wrote the collapse (register, update --collapse); absent on Bash-era rows. */
  collapseSetBy?: string
  parallel?: boolean
  convertDDB?: boolean
  deaggregate?: boolean
  appendNewlines?: boolean
  parkAfter?: number
  filter?: string
  partitionKey?: string
  messageGroupId?: string
  passwordSecret?: string
}

export interface PackageJson {
  output: string
  bytes: number
  bundleBytes: number
  sha256: string
}

export interface DeployDryRunJson {
  dryRun: true
  plan: ReturnType<typeof planJson>
}
export type DeployAppliedJson = DeployResult & {notices: string[]}
export type DeployJson = DeployDryRunJson | DeployAppliedJson

export interface DestroyPlanJson {
  eventSourceMappings: Array<string | undefined>
  function?: string
  notes: string[]
  parkingBucket?: string
  role?: string
  table?: string
}
export interface DestroyNothingJson {
  destroyed: false
  plan: DestroyPlanJson
}
export interface DestroyDryRunJson {
  dryRun: true
  plan: DestroyPlanJson
}
export type DestroyDoneJson = {destroyed: true} & DestroyResult
export type DestroyJson = DestroyNothingJson | DestroyDryRunJson | DestroyDoneJson

export interface HookJson {
  action: 'created' | 'updated' | 'unchanged' | 'exists'
  consumer: {arn: string; name: string; registered: boolean} | null
  differences: string[]
  functionName: string
  /** Lambda's EventSourceMappingConfiguration as the API returned it (without the SDK's $metadata). */
  mapping: EventSourceMapping & {$metadata?: undefined}
  sourceArn: string
}

/** pause, resume, unhook: the change, plus the function and the source. */
export type SourceChangeJson<R> = R & {functionName: string; sourceArn: string}
export type PauseJson = SourceChangeJson<SetEnabledResult>
export type ResumeJson = SourceChangeJson<SetEnabledResult>
export type UnhookJson = SourceChangeJson<UnhookResult>

export type ParkedListJson = ParkedSummary[]
export interface ParkedPurgeJson {
  id: string
  objects: number
  purged: number
  sourceArn?: string
}
export type ParkedJson = ParkedListJson | ParkedPurgeJson

export interface ReplayJson {
  replayed: number
  objects: number
  remaining: number
}

export type DemoJson = DemoSummary

/** status --json: the shape of docs/status.md (absent values as null). */
export type StatusJson = StatusReport

export interface LocalRunJson extends LocalRunSummary {
  source: string
  table: string
  /** What the function reported per mapping id (its metrics log lines). */
  mappings: Record<string, TargetTotals>
}

/** `tail --json` prints one object per record (JSON lines), not one result. */
export interface TailRecordJson {
  shardId: string
  sequenceNumber: string
  partitionKey?: string
  approximateArrivalTimestamp?: string | number
  data: string
  encoding?: 'base64'
}

type KeyList<T> = {[K in keyof Required<T>]-?: true}

/**
 * The sorted top-level keys of T, checked by the compiler: `keys` must name every key of T
 * (optional ones too) and nothing else.
 */
export const resultKeys =
  <T>() =>
  <K extends KeyList<T>>(keys: K & Record<Exclude<keyof K, keyof T>, never>): string[] =>
    Object.keys(keys).sort()

const mappingItemKeys = resultKeys<MappingItemJson>()({
  active: true,
  appendNewlines: true,
  collapse: true,
  collapseSetBy: true,
  convertDDB: true,
  deaggregate: true,
  destination: true,
  externalId: true,
  filter: true,
  id: true,
  messageGroupId: true,
  parallel: true,
  parkAfter: true,
  partitionKey: true,
  passwordSecret: true,
  region: true,
  role: true,
  sourceArn: true,
  type: true,
})
const sourceChange = {functionName: true, sourceArn: true} as const
const setEnabledKeys = resultKeys<PauseJson>()({...sourceChange, changed: true, mappings: true})
const destroyPlan = {plan: true} as const

/** Per command, per variant of its result: the top-level keys (an array result: its elements' keys). */
export const RESULT_KEYS: Record<string, Record<string, string[]>> = {
  activate: {item: mappingItemKeys},
  deactivate: {item: mappingItemKeys},
  demo: {
    summary: resultKeys<DemoJson>()({durationMs: true, invocations: true, mappings: true, ok: true, recordsIn: true, retries: true, source: true, table: true, userRecordsIn: true}),
  },
  deploy: {
    applied: resultKeys<DeployAppliedJson>()({
      actions: true,
      changed: true,
      codeSha256: true,
      functionArn: true,
      functionName: true,
      notices: true,
      parkingBucket: true,
      roleArn: true,
      roleName: true,
      tableArn: true,
      tableName: true,
    }),
    dryRun: resultKeys<DeployDryRunJson>()({dryRun: true, plan: true}),
  },
  destroy: {
    destroyed: resultKeys<DestroyDoneJson>()({
      deletedEventSourceMappings: true,
      deletedFunction: true,
      deletedParkingBucket: true,
      deletedRole: true,
      deletedTable: true,
      destroyed: true,
    }),
    dryRun: resultKeys<DestroyDryRunJson>()({...destroyPlan, dryRun: true}),
    nothing: resultKeys<DestroyNothingJson>()({...destroyPlan, destroyed: true}),
    plan: resultKeys<DestroyPlanJson>()({eventSourceMappings: true, function: true, notes: true, parkingBucket: true, role: true, table: true}),
  },
  hook: {result: resultKeys<HookJson>()({action: true, consumer: true, differences: true, functionName: true, mapping: true, sourceArn: true})},
  list: {element: mappingItemKeys},
  'local-run': {result: resultKeys<LocalRunJson>()({invocations: true, mappings: true, records: true, retries: true, shards: true, source: true, table: true})},
  package: {result: resultKeys<PackageJson>()({bundleBytes: true, bytes: true, output: true, sha256: true})},
  parked: {
    element: resultKeys<ParkedSummary>()({bytes: true, id: true, newest: true, objects: true, oldest: true, records: true, sourceArn: true}),
    purge: resultKeys<ParkedPurgeJson>()({id: true, objects: true, purged: true, sourceArn: true}),
  },
  pause: {result: setEnabledKeys},
  register: {item: mappingItemKeys},
  replay: {result: resultKeys<ReplayJson>()({objects: true, remaining: true, replayed: true})},
  resume: {result: setEnabledKeys},
  'set-active': {item: mappingItemKeys},
  status: {
    result: resultKeys<StatusJson>()({function: true, mappings: true, parked: true, problems: true, sources: true}),
    function: resultKeys<StatusJson['function']>()({codeCurrent: true, memory: true, name: true, runtime: true, timeout: true}),
    source: resultKeys<StatusJson['sources'][number]>()({consumerArn: true, iteratorAgeMs: true, sourceArn: true, state: true}),
    mapping: resultKeys<StatusJson['mappings'][number]>()({active: true, destination: true, filter: true, id: true, metrics: true, sourceArn: true, type: true}),
  },
  tail: {line: resultKeys<TailRecordJson>()({approximateArrivalTimestamp: true, data: true, encoding: true, partitionKey: true, sequenceNumber: true, shardId: true})},
  unhook: {result: resultKeys<UnhookJson>()({...sourceChange, deleted: true, deregisteredConsumers: true, keptConsumers: true})},
  unregister: {item: mappingItemKeys},
  update: {item: mappingItemKeys},
}
