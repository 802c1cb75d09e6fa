// A prompter that answers from a script, for tests and for callers that must never block on a
// terminal. An answer is a value, or a function of the question's choices; a question without an
// answer fails loudly (the wizard asked something it should not have).
import type {Choice, Prompter} from './prompter.js'

export type ScriptedAnswer = unknown | ((choices: Choice<unknown>[]) => unknown)

/** Answers to the same question, one per time it is asked (a refused answer, then a good one). */
export class Answers {
  constructor(readonly values: ScriptedAnswer[]) {}
}

/** `again('taken-id', 'new-id')`: the first answer is refused, the question asked again. */
export const again = (...values: ScriptedAnswer[]): Answers => new Answers(values)

export class ScriptedPrompter implements Prompter {
  /** Names of the questions asked, in order. */
  readonly asked: string[] = []
  /** The choices offered by select/search questions, by name (the last time asked). */
  readonly offered: Record<string, Choice<unknown>[]> = {}
  /** Answers refused by a question's validation, with the reason shown. */
  readonly refused: {name: string; value: string; reason: string}[] = []
  private readonly used: Record<string, number> = {}

  constructor(private readonly answers: Record<string, ScriptedAnswer>) {}

  /** The scripted answer for the n-th time `name` is asked (a sequence is consumed in order). */
  private next(name: string): ScriptedAnswer {
    if (!(name in this.answers)) throw new Error(`Unexpected question '${name}'`)
    const answer = this.answers[name]
    if (!(answer instanceof Answers)) return answer
    const n = this.used[name] ?? 0
    this.used[name] = n + 1
    if (n >= answer.values.length) throw new Error(`Question '${name}' asked more often (${n + 1}) than answered`)
    return answer.values[n]
  }

  /** Whether another answer to `name` is scripted (a sequence not yet used up). */
  private hasMore(name: string): boolean {
    const answer = this.answers[name]
    return answer instanceof Answers && (this.used[name] ?? 0) < answer.values.length
  }

  private answer(name: string, choices: Choice<unknown>[] = []): unknown {
    this.asked.push(name)
    const answer = this.next(name)
    if (answer instanceof Error) throw answer
    return typeof answer === 'function' ? (answer as (c: Choice<unknown>[]) => unknown)(choices) : answer
  }

  async confirm({name}: Parameters<Prompter['confirm']>[0]): Promise<boolean> {
    return this.answer(name) as boolean
  }

  async input({name, validate}: Parameters<Prompter['input']>[0]): Promise<string> {
    // As at a terminal: a refused answer shows the reason and the question stays, for the next answer.
    for (;;) {
      const value = this.answer(name) as string
      const verdict = validate ? await validate(value) : true
      if (verdict === true) return value
      this.refused.push({name, reason: verdict, value})
      if (!this.hasMore(name)) throw new Error(`Answer '${value}' to '${name}' refused: ${verdict}`)
    }
  }

  async search<T>({name, source}: {name: string; message: string; source: (term: string | undefined) => Choice<T>[] | Promise<Choice<T>[]>}): Promise<T> {
    const choices = await source(undefined)
    this.offered[name] = choices as Choice<unknown>[]
    const answer = this.answers[name] instanceof Answers ? this.next(name) : this.answers[name]
    if (!(name in this.answers)) throw new Error(`Unexpected question '${name}'`)
    this.asked.push(name)
    if (answer instanceof Error) throw answer
    // A string that is not among the offered values is typed as a search term (as a user would).
    if (typeof answer === 'string' && !choices.some((choice) => choice.value === answer)) {
      const typed = await source(answer)
      const match = typed.find((choice) => choice.value === answer || choice.name.includes(answer))
      if (!match) throw new Error(`Answer '${answer}' to '${name}' is not offered`)
      return match.value
    }
    return (typeof answer === 'function' ? (answer as (c: Choice<unknown>[]) => unknown)(choices as Choice<unknown>[]) : answer) as T
  }

  async select<T>({choices, name}: {name: string; message: string; choices: Choice<T>[]; default?: T}): Promise<T> {
    this.offered[name] = choices as Choice<unknown>[]
    return this.answer(name, choices as Choice<unknown>[]) as T
  }
}

/** The error @inquirer/prompts raises on Ctrl-C, for scripts that simulate it. */
export function ctrlC(): Error {
  const error = new Error('User force closed the prompt with SIGINT')
  error.name = 'ExitPromptError'
  return error
}
