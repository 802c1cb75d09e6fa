// The Lambda runtimes `deploy --runtime` accepts: the Node.js runtimes Lambda still lets a function
// be created or updated with (the bundle is an ES module for Node.js 20+). Checked before anything
// is created, in any case (`NODEJS22.X`), and given back in Lambda's spelling.
import {UsageError} from '../errors.js'

export const DEPLOYABLE_RUNTIMES = ['nodejs20.x', 'nodejs22.x', 'nodejs24.x'] as const
export type DeployableRuntime = (typeof DEPLOYABLE_RUNTIMES)[number]

/** The runtime in Lambda's spelling, undefined when not given; a usage error for any other value. */
export function deployableRuntime(value: string | undefined): DeployableRuntime | undefined {
  if (value === undefined) return undefined
  const runtime = DEPLOYABLE_RUNTIMES.find((known) => known === value.trim().toLowerCase())
  if (runtime) return runtime
  const why = /^nodejs\d+(\.\d+)?(\.x)?$/i.test(value.trim()) ? 'Lambda no longer accepts it for new or updated functions, or does not know it' : 'the function is an ES module bundle for Node.js'
  throw new UsageError(`Invalid --runtime '${value}': ${why}; expected one of ${DEPLOYABLE_RUNTIMES.join(', ')}`)
}
