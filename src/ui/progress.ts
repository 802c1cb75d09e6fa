// Progress for steps that wait on AWS: an ora spinner on a terminal, plain "✔ step" lines on stderr
// otherwise, and nothing at all with --json (stdout and stderr then carry only the result/errors).

export interface ProgressOptions {
  /** --json: stay silent. */
  quiet?: boolean
}

export class Progress {
  constructor(private readonly options: ProgressOptions = {}) {}

  /** Runs `work`, showing `title` while it runs and its outcome after. Returns what work returns. */
  async step<T>(title: string, work: () => Promise<T>, done?: (result: T) => string): Promise<T> {
    if (this.options.quiet) return work()
    if (!process.stderr.isTTY) {
      try {
        const result = await work()
        process.stderr.write(`✔ ${done ? done(result) : title}\n`)
        return result
      } catch (error) {
        process.stderr.write(`✖ ${title}\n`)
        throw error
      }
    }
    const {default: ora} = await import('ora')
    const spinner = ora({stream: process.stderr, text: title}).start()
    try {
      const result = await work()
      spinner.succeed(done ? done(result) : title)
      return result
    } catch (error) {
      spinner.fail(title)
      throw error
    }
  }

  info(message: string): void {
    if (!this.options.quiet) process.stderr.write(`${message}\n`)
  }
}
