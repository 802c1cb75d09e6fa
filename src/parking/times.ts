// --since / --until of replay: an ISO 8601 time, or a duration back from now (30m, 2h, 7d).
import {UsageError} from '../errors.js'
import {parseDuration} from '../tail/start-position.js'

export function parseTimeFlag(flag: string, text: string | undefined, now: Date = new Date()): Date | undefined {
  if (text === undefined) return undefined
  const trimmed = text.trim()
  const ms = parseDuration(trimmed)
  if (ms !== undefined) return new Date(now.getTime() - ms)
  // A bare date is midnight UTC; a time without an offset is UTC (as the keys are).
  const iso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(trimmed)
  const withZone = iso && /[T ]\d{2}:\d{2}/.test(trimmed) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? `${trimmed}Z` : trimmed
  const at = iso ? new Date(withZone.replace(' ', 'T')) : new Date(Number.NaN)
  if (Number.isNaN(at.getTime())) {
    throw new UsageError(`Invalid --${flag} '${text}': expected an ISO 8601 time (2026-05-01T12:00:00Z) or a duration back from now (30m, 2h, 7d)`)
  }
  return at
}
