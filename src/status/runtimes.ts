// Lambda's Node.js runtimes and the dates Lambda deprecates them (AWS Lambda developer guide,
// "Lambda runtimes": after deprecation a function is no longer patched, and later can no longer be
// created or updated). `status` reports a function on a deprecated runtime as a problem, and one
// whose deprecation is near as a note in its message.
export interface NodeRuntime {
  runtime: string
  /** ISO date of deprecation. */
  deprecation: string
}

export const NODE_RUNTIMES: NodeRuntime[] = [
  {deprecation: '2016-10-31', runtime: 'nodejs'},
  {deprecation: '2020-03-05', runtime: 'nodejs4.3'},
  {deprecation: '2019-08-12', runtime: 'nodejs6.10'},
  {deprecation: '2020-03-06', runtime: 'nodejs8.10'},
  {deprecation: '2021-07-30', runtime: 'nodejs10.x'},
  {deprecation: '2023-03-31', runtime: 'nodejs12.x'},
  {deprecation: '2023-12-04', runtime: 'nodejs14.x'},
  {deprecation: '2024-06-12', runtime: 'nodejs16.x'},
  {deprecation: '2025-09-01', runtime: 'nodejs18.x'},
  {deprecation: '2026-04-30', runtime: 'nodejs20.x'},
  {deprecation: '2027-04-30', runtime: 'nodejs22.x'},
  {deprecation: '2028-04-30', runtime: 'nodejs24.x'},
]

/** Warn this long before a deprecation. */
const SOON_MS = 90 * 86_400_000

/** Why the runtime is a problem (deprecated), a note (deprecated soon), or nothing. */
export function runtimeStatus(runtime: string | undefined, now = new Date()): {deprecated: boolean; message?: string} {
  const known = NODE_RUNTIMES.find((entry) => entry.runtime === runtime)
  if (!known) return {deprecated: false}
  const at = new Date(`${known.deprecation}T00:00:00Z`)
  if (at.getTime() <= now.getTime()) {
    return {deprecated: true, message: `runtime ${runtime} was deprecated by Lambda on ${known.deprecation}: redeploy with a supported one (kinesis-fanout deploy --runtime nodejs22.x)`}
  }
  if (at.getTime() - now.getTime() < SOON_MS) return {deprecated: false, message: `runtime ${runtime} is deprecated by Lambda on ${known.deprecation}`}
  return {deprecated: false}
}
