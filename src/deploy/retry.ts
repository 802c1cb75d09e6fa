// Retrying the calls AWS refuses for a short while: a new role not yet visible to Lambda (IAM is
// eventually consistent), throttling, and "an update is in progress" conflicts. Capped exponential
// backoff with jitter instead of a fixed sleep, so a fast account waits little and a slow one long enough.

export interface RetryOptions {
  /** Attempts in all (the first call included). */
  attempts?: number
  baseDelayMs?: number
  maxDelayMs?: number
  /** Injected by unit tests to skip real waiting. */
  sleep?: (ms: number) => Promise<void>
  /** Called before each wait (progress text). */
  onRetry?: (error: Error, attempt: number, delayMs: number) => void
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
])

/** The role was just created or changed and Lambda cannot use it yet. */
export function isRolePropagationError(error: unknown): boolean {
  const {name, message} = error as Error
  return (
    name === 'InvalidParameterValueException' &&
    /cannot be assumed by Lambda|execution role does not have permissions|role defined for the function/i.test(message ?? '')
  )
}

export function isThrottlingError(error: unknown): boolean {
  return THROTTLING.has((error as Error)?.name)
}

/** Lambda refuses changes while a previous update of the function or mapping is still in progress. */
export function isUpdateInProgressError(error: unknown): boolean {
  const {name} = error as Error
  return name === 'ResourceConflictException' || name === 'ResourceInUseException'
}

export const isTransientError = (error: unknown): boolean =>
  isRolePropagationError(error) || isThrottlingError(error) || isUpdateInProgressError(error)

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Runs `work`, retrying transient refusals with capped exponential backoff and full jitter. */
export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions = {}, retryable = isTransientError): Promise<T> {
  const attempts = options.attempts ?? 10
  const base = options.baseDelayMs ?? 1000
  const cap = options.maxDelayMs ?? 8000
  const sleep = options.sleep ?? realSleep
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      if (attempt >= attempts || !retryable(error)) throw error
      // Half fixed, half random: never a zero wait, and clients retrying together spread out.
      const ceiling = Math.min(cap, base * 2 ** (attempt - 1))
      const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2))
      options.onRetry?.(error as Error, attempt, delay)
      await sleep(delay)
    }
  }
}
