// tail --filter PATTERN: the very matcher and match document the fan-out function uses for a
// mapping's `filter` (runtime/filter: event-pattern.ts, match-document.ts), so what tail shows is
// what a mapping with that filter would receive. `data` is parsed only when the pattern names it.
import {UserError} from '../errors.js'
import type {DisplayRecord} from './display-records.js'
import type {RecordFilter} from './tail-service.js'

export async function tailFilter(text: string, options: {convertDDB: boolean}): Promise<RecordFilter> {
  const [{compilePattern, patternProblem}, {matchDocument}] = await Promise.all([
    import('../../runtime/filter/event-pattern.js'),
    import('../../runtime/filter/match-document.js'),
  ])
  const problem = patternProblem(text)
  if (problem) throw new UserError(`Invalid --filter: ${problem}`, {exitCode: 2})
  const pattern = compilePattern(text)
  return {
    accepts: (record: DisplayRecord) => record.out !== undefined && pattern.matches(matchDocument(record.out, {convertDDB: options.convertDDB, parseData: pattern.usesData})),
  }
}
