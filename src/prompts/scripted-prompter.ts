// A prompter that answers from a script, for tests and for callers that must never block on a
// terminal. An answer is a value, or a function of the question's choices; a question without an
// answer fails loudly (the wizard asked something it should not have).
import type {Choice, Prompter} from './prompter.js'

export type ScriptedAnswer = unknown | ((choices: Choice<unknown>[]) => unknown)

export class ScriptedPrompter implements Prompter {
  /** Names of the questions asked, in order. */
  readonly asked: string[] = []
  /** The choices offered by select/search questions, by name. */
  readonly offered: Record<string, Choice<unknown>[]> = {}

  constructor(private readonly answers: Record<string, ScriptedAnswer>) {}

  private answer(name: string, choices: Choice<unknown>[] = []): unknown {
    this.asked.push(name)
    if (!(name in this.answers)) throw new Error(`Unexpected question '${name}'`)
    const answer = this.answers[name]
    if (answer instanceof Error) throw answer
    return typeof answer === 'function' ? (answer as (c: Choice<unknown>[]) => unknown)(choices) : answer
  }

  async confirm({name}: Parameters<Prompter['confirm']>[0]): Promise<boolean> {
    return this.answer(name) as boolean
  }

  async input({name, validate}: Parameters<Prompter['input']>[0]): Promise<string> {
    const value = this.answer(name) as string
    const verdict = validate ? await validate(value) : true
    if (verdict !== true) throw new Error(`Answer '${value}' to '${name}' refused: ${verdict}`)
    return value
  }

  async search<T>({name, source}: {name: string; message: string; source: (term: string | undefined) => Choice<T>[] | Promise<Choice<T>[]>}): Promise<T> {
    const choices = await source(undefined)
    this.offered[name] = choices as Choice<unknown>[]
    const answer = this.answers[name]
    // A string that is not among the offered values is typed as a search term (as a user would).
    if (typeof answer === 'string' && !choices.some((choice) => choice.value === answer)) {
      const typed = await source(answer)
      this.asked.push(name)
      const match = typed.find((choice) => choice.value === answer || choice.name.includes(answer))
      if (!match) throw new Error(`Answer '${answer}' to '${name}' is not offered`)
      return match.value
    }
    return this.answer(name, choices as Choice<unknown>[]) as T
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
