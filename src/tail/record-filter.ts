// tail --filter PATTERN: the very routing the fan-out function compiles for a mapping's `filter`
// (runtime/filter/record-filter.ts: the matcher and the match document), so what tail shows is what
// a mapping with that filter would receive. `data` is parsed only when the pattern names it.
import {UserError} from '../errors.js'
import type {DisplayRecord} from './display-records.js'
import type {RecordFilter} from './tail-service.js'

export async function tailFilter(text: string, options: {convertDDB: boolean}): Promise<RecordFilter> {
  const [{patternProblem}, {compileMappingRouting}] = await Promise.all([
    import('../../runtime/filter/event-pattern.js'),
    import('../../runtime/filter/record-filter.js'),
  ])
  const problem = patternProblem(text)
  if (problem) throw new UserError(`Invalid --filter: ${problem}`, {exitCode: 2})
  const {accepts} = compileMappingRouting({convertDDB: options.convertDDB, filter: text})
  return {accepts: (record: DisplayRecord) => record.out !== undefined && accepts(record.out)}
}
