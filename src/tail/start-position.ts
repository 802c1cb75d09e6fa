// Where reading starts: --from latest (default) | trim-horizon | <ISO time>, or --since <duration>.
import {UserError} from '../errors.js'

export type StartPosition = {kind: 'latest'} | {kind: 'trim-horizon'} | {kind: 'time'; at: Date}

const UNIT_MS: Record<string, number> = {d: 86_400_000, h: 3_600_000, m: 60_000, ms: 1, s: 1000}

/** "90s", "10m", "1h30m", "2d" -> milliseconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim()
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(trimmed)) return undefined
  let total = 0
  for (const [, amount, , unit] of trimmed.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d)/g)) total += Number(amount) * UNIT_MS[unit]
  return total
}

export function parseStartPosition(flags: {from?: string; since?: string}, now: Date = new Date()): StartPosition {
  if (flags.since !== undefined) {
    const ms = parseDuration(flags.since)
    if (ms === undefined) throw new UserError(`Invalid --since '${flags.since}': expected a duration such as 30s, 10m, 2h or 1d`)
    return {at: new Date(now.getTime() - ms), kind: 'time'}
  }
  const from = (flags.from ?? 'latest').trim()
  const lower = from.toLowerCase().replaceAll('_', '-')
  if (lower === 'latest') return {kind: 'latest'}
  if (lower === 'trim-horizon' || lower === 'beginning' || lower === 'oldest') return {kind: 'trim-horizon'}
  // An ISO 8601 date or time; a bare date means midnight UTC, a time without offset means UTC.
  const isoLike = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.test(from)
  const text = isoLike && /[T ]\d{2}:\d{2}/.test(from) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(from) ? `${from}Z` : from
  const at = isoLike ? new Date(text.replace(' ', 'T')) : new Date(Number.NaN)
  if (Number.isNaN(at.getTime())) {
    throw new UserError(`Invalid --from '${from}': expected latest, trim-horizon, or an ISO 8601 time such as 2024-05-01T12:00:00Z`)
  }
  if (at.getTime() > now.getTime() + 1000) {
    throw new UserError(`Invalid --from '${from}': the time is in the future`, {suggestion: 'use --from latest to wait for new records'})
  }
  return {at, kind: 'time'}
}

export function describeStart(start: StartPosition): string {
  if (start.kind === 'latest') return 'new records'
  if (start.kind === 'trim-horizon') return 'the oldest record kept'
  return `records since ${start.at.toISOString()}`
}
