// A spinner on stderr, at a terminal, while an AWS call takes more than a moment (src/aws/clients.ts
// reports every call here). Silent when stderr is no terminal, with --json, while a Progress step
// shows its own spinner, and while a prompt is on screen (withoutCallSpinner).
import type {Ora} from 'ora'

/** How long a call runs before the spinner shows. */
export const SPINNER_DELAY_MS = 700

/** A TTY with a known width (a pseudo-terminal without a size has 0 columns; ora then misdraws). */
export const spinnerTerminal = (): boolean => Boolean(process.stderr.isTTY && (process.stderr.columns ?? 0) > 0)

let enabled = false
let suppressed = 0
let nextId = 0
const pending = new Map<number, string>()
let timer: NodeJS.Timeout | undefined
let spinner: Ora | undefined
let starting = false

/** Called once per command (BaseCommand.init): the spinner may show only at a terminal, without --json. */
export function enableCallSpinner(on: boolean): void {
  enabled = on && spinnerTerminal()
}

function label(): string | undefined {
  let last: string | undefined
  for (const text of pending.values()) last = text
  return last
}

function refresh(): void {
  const text = label()
  if (!text || suppressed > 0 || !enabled) {
    if (timer) clearTimeout(timer)
    timer = undefined
    spinner?.stop()
    spinner = undefined
    return
  }
  if (spinner) {
    spinner.text = text
    return
  }
  if (timer || starting) return
  timer = setTimeout(() => {
    timer = undefined
    starting = true
    import('ora')
      .then(({default: ora}) => {
        starting = false
        const now = label()
        if (!now || suppressed > 0 || !enabled || spinner) return
        spinner = ora({discardStdin: false, stream: process.stderr, text: now}).start()
      })
      .catch(() => {
        starting = false
      })
  }, SPINNER_DELAY_MS)
  timer.unref()
}

/** Marks a call as running ("Waiting for DynamoDB (Scan)"); returns the function that ends it. */
export function trackCall(text: string): () => void {
  const id = nextId++
  pending.set(id, text)
  refresh()
  return () => {
    pending.delete(id)
    refresh()
  }
}

/** Runs `work` (a prompt, a Progress spinner) with the call spinner kept off the screen. */
export async function withoutCallSpinner<T>(work: () => Promise<T>): Promise<T> {
  suppressed++
  refresh()
  try {
    return await work()
  } finally {
    suppressed--
    refresh()
  }
}
