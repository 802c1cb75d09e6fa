// Progress for steps that wait on AWS: an ora spinner on a terminal, plain "✔ step" lines on stderr
// otherwise, and nothing at all with --json (stdout and stderr then carry only the result/errors).
// While a step's spinner shows, the per-call spinner (call-spinner.ts) stays off the screen.
import {spinnerTerminal, withoutCallSpinner} from './call-spinner.js'

export interface ProgressOptions {
  /** --json: stay silent. */
  quiet?: boolean
}

export class Progress {
  constructor(private readonly options: ProgressOptions = {}) {}

  /** Runs `work`, showing `title` while it runs and its outcome after. Returns what work returns. */
  async step<T>(title: string, work: () => Promise<T>, done?: (result: T) => string): Promise<T> {
    if (this.options.quiet) return work()
    if (!spinnerTerminal()) {
      // No "✖ step" line on failure: the error line that follows says what failed, and a refusal
      // stays one line on stderr (the ✔ lines before it show how far the command got).
      const result = await work()
      process.stderr.write(`✔ ${done ? done(result) : title}\n`)
      return result
    }
    const {default: ora} = await import('ora')
    return withoutCallSpinner(async () => {
      const spinner = ora({stream: process.stderr, text: title}).start()
      try {
        const result = await work()
        spinner.succeed(done ? done(result) : title)
        return result
      } catch (error) {
        spinner.fail(title)
        throw error
      }
    })
  }

  /**
   * For read-only steps: a spinner on a terminal, nothing otherwise (their outcome is shown another
   * way, and a refusal then prints only its one error line).
   */
  async spin<T>(title: string, work: () => Promise<T>): Promise<T> {
    if (this.options.quiet || !spinnerTerminal()) return work()
    const {default: ora} = await import('ora')
    return withoutCallSpinner(async () => {
      const spinner = ora({stream: process.stderr, text: title}).start()
      try {
        return await work()
      } finally {
        spinner.stop()
      }
    })
  }

  info(message: string): void {
    if (!this.options.quiet) process.stderr.write(`${message}\n`)
  }
}
