// Structured log lines (one JSON object per line) so CloudWatch Logs Insights can filter on them.
// FANOUT_LOG_LEVEL: debug, info (default), warn, error.

export type Level = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<Level, number> = {debug: 10, error: 40, info: 20, warn: 30}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export function createLogger(
  level: Level = (process.env.FANOUT_LOG_LEVEL as Level | undefined) ?? 'info',
  write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
): Logger {
  const threshold = ORDER[level] ?? ORDER.info
  const emit = (lvl: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < threshold) return
    write(JSON.stringify({level: lvl, message, ...fields}))
  }
  return {debug: emit('debug'), error: emit('error'), info: emit('info'), warn: emit('warn')}
}
