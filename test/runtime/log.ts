// A logger that keeps its lines for assertions.
import {createLogger, type Logger} from '../../runtime/log.js'

export function memoryLogger(): Logger & {lines: Array<Record<string, unknown>>} {
  const lines: Array<Record<string, unknown>> = []
  const logger = createLogger('debug', (line) => lines.push(JSON.parse(line)))
  return Object.assign(logger, {lines})
}
