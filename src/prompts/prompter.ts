// The prompt layer: what the wizards ask, behind an interface so they run without a terminal in
// tests (scripted-prompter.ts) and with @inquirer/prompts at a terminal (loaded only when used).
// Every question has a `name`, so a script answers it by name and a test sees what was asked.
// While a question is on screen the per-call spinner stays off it (the prompt shows its own).
import {withoutCallSpinner} from '../ui/call-spinner.js'

export interface Choice<T> {
  name: string
  value: T
  description?: string
}

interface Question {
  /** Stable key of the question (what a scripted answer is keyed by). */
  name: string
  message: string
}

export interface Prompter {
  input(question: Question & {default?: string; validate?: (value: string) => true | string | Promise<true | string>}): Promise<string>
  select<T>(question: Question & {choices: Choice<T>[]; default?: T}): Promise<T>
  /** A searchable list; `source` is called with what the user typed so far. */
  search<T>(question: Question & {source: (term: string | undefined) => Choice<T>[] | Promise<Choice<T>[]>}): Promise<T>
  confirm(question: Question & {default?: boolean}): Promise<boolean>
}

/** @inquirer/prompts at the terminal. Ctrl-C rejects with ExitPromptError (base-command reports it). */
export function inquirerPrompter(): Prompter {
  const load = () => import('@inquirer/prompts')
  return {
    async confirm({default: initial, message}) {
      const {confirm} = await load()
      return withoutCallSpinner(() => confirm({default: initial, message}))
    },
    async input({default: initial, message, validate}) {
      const {input} = await load()
      return withoutCallSpinner(() => input({default: initial, message, validate}))
    },
    async search({message, source}) {
      const {search} = await load()
      return withoutCallSpinner(() => search({message, pageSize: 12, source: async (term) => source(term)}))
    },
    async select({choices, default: initial, message}) {
      const {select} = await load()
      return withoutCallSpinner(() => select({choices, default: initial, message, pageSize: 12}))
    },
  }
}
