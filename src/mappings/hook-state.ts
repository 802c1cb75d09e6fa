// What `list` shows of each source's hook: how the function reads it (an event source mapping on the
// stream, shared throughput, or on an enhanced fan-out consumer), read with ONE paginated
// lambda:ListEventSourceMappings for the function. An optional extra: mapping commands never need
// the function to exist, so when it does not, or the call is denied or fails, `list` still lists
// and only says on stderr why hooks are not shown (docs/mappings.md, "list").
import {normalizeSourceArn} from '../../runtime/mapping/arn.js'
import type {AwsClients} from '../aws/clients.js'
import {parseConsumerArn} from '../event-sources/consumer.js'
import {readEventSourceMappings} from '../event-sources/find.js'

export interface SourceHook {
  /** The event source mapping's state (Enabled, Disabled, Creating...). */
  state: string
  /** The enhanced fan-out consumer it reads through; undefined: the stream's shared throughput. */
  consumer?: string
}

export type HookLookup =
  | {ok: true; functionName: string; bySource: Map<string, SourceHook[]>}
  | {ok: false; reason: string}

const DENIED = /AccessDenied|UnauthorizedOperation|NotAuthorized|Forbidden/i

/** The function's hooks by source ARN; never throws (a failure is a reason to show). */
export async function lookUpHooks(aws: AwsClients, functionName: string): Promise<HookLookup> {
  try {
    const bySource = new Map<string, SourceHook[]>()
    for (const esm of await readEventSourceMappings(aws, functionName)) {
      if (!esm.EventSourceArn) continue
      const source = normalizeSourceArn(esm.EventSourceArn)
      const hook: SourceHook = {consumer: parseConsumerArn(esm.EventSourceArn)?.name, state: esm.State ?? 'unknown'}
      bySource.set(source, [...(bySource.get(source) ?? []), hook])
    }
    return {bySource, functionName, ok: true}
  } catch (error) {
    const name = (error as Error)?.name ?? ''
    if (name === 'ResourceNotFoundException') return {ok: false, reason: `function '${functionName}' not found`}
    if (DENIED.test(name)) return {ok: false, reason: `lambda:ListEventSourceMappings on '${functionName}' was denied`}
    return {ok: false, reason: String((error as Error)?.message ?? error).split('\n')[0]}
  }
}

/** `hooked to fanout via consumer efo (enabled)`, `hooked to fanout (shared throughput, disabled)`, `not hooked to fanout`. */
export function describeHooks(functionName: string, hooks: SourceHook[] | undefined): string {
  if (!hooks?.length) return `not hooked to ${functionName}`
  const each = hooks.map((hook) =>
    hook.consumer ? `via consumer ${hook.consumer} (${hook.state.toLowerCase()})` : `(shared throughput, ${hook.state.toLowerCase()})`,
  )
  return `hooked to ${functionName} ${each.join(' and ')}`
}
