// How the delivery loop reads a thrown error: retryable (throttling, 5xx, timeouts, connection
// errors), permanent (access denied, not found, invalid parameter, KMS: retrying cannot fix it), or
// unknown (not retried in this invocation, reported failed).
import type {ErrorClass} from '../targets/target.js'

const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'LimitExceededException',
  'KMSThrottlingException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalErrorException',
  'InternalServerErrorException',
  'ServiceException',
  'ServiceFailure',
  'KMSInternalException',
  'EC2ThrottledException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'AbortError',
  'ConnectionLost',
])

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
])

interface ErrorShape {
  name?: string
  code?: string
  Code?: string
  $retryable?: unknown
  $fault?: string
  $metadata?: {httpStatusCode?: number}
  statusCode?: number
  meta?: {statusCode?: number}
  cause?: unknown
}

const statusOf = (e: ErrorShape): number | undefined => e.$metadata?.httpStatusCode ?? e.statusCode ?? e.meta?.statusCode

/** Throttling, 5xx, timeouts and connection errors: worth another attempt. */
export function isRetryableError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const e = error as ErrorShape
  if (e.$retryable) return true
  if (e.name && RETRYABLE_NAMES.has(e.name)) return true
  if (e.code && RETRYABLE_CODES.has(e.code)) return true
  const status = statusOf(e)
  if (status !== undefined && (status === 429 || status >= 500)) return true
  if (e.$fault === 'server') return true
  if (e.cause && e.cause !== error) return isRetryableError(e.cause)
  return false
}

// Errors of the destination itself: every call to it fails alike until someone fixes it.
const DESTINATION_ERROR = /AccessDenied|NotAuthorized|Unauthorized|AuthorizationError|Forbidden|NotFound|NonExistent|DoesNotExist|ResourceNotFound|QueueDeleted|InvalidClientTokenId|UnrecognizedClient|^KMS|KMS[A-Za-z]*Exception|EndpointDisabled|Disabled|NOAUTH|NOPERM|WRONGPASS|MOVED|ASK/
// Errors of this request: another batch may go through.
const REQUEST_ERROR = /InvalidParameter|Validation|InvalidArgument|InvalidRequest|MalformedQueryString|InvalidMessageContents|BatchRequestTooLong|InvalidBatchEntryId|PayloadTooLarge|RequestEntityTooLarge|RequestTooLarge|InvalidRequestContent|SerializationException|UnsupportedMediaType/

function nameOf(e: ErrorShape): string {
  return [e.name, e.code, e.Code].filter((v) => typeof v === 'string').join(' ')
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])

/** Connection refused or no such host (here or in the error's causes). */
export function isUnreachable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 4) return false
  const e = error as ErrorShape & {errors?: unknown[]; message?: unknown}
  if (e.code && UNREACHABLE_CODES.has(e.code)) return true
  if (/\b(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH)\b/.test(String(e.message ?? ''))) return true
  if (Array.isArray(e.errors) && e.errors.some((inner) => isUnreachable(inner, depth + 1))) return true
  return e.cause !== undefined && e.cause !== error && isUnreachable(e.cause, depth + 1)
}

/** The default reading of a thrown error. */
export function classifyError(error: unknown): ErrorClass {
  if (isUnreachable(error)) return {kind: 'unreachable'}
  if (isRetryableError(error)) return {kind: 'retryable'}
  if (!error || typeof error !== 'object') return {kind: 'unknown'}
  const e = error as ErrorShape
  const name = nameOf(e)
  const message = String((error as {message?: unknown}).message ?? '')
  if (DESTINATION_ERROR.test(name) || /^(NOAUTH|NOPERM|WRONGPASS|MOVED|ASK)\b/.test(message)) return {kind: 'permanent', scope: 'destination'}
  if (REQUEST_ERROR.test(name)) return {kind: 'permanent', scope: 'batch'}
  const status = statusOf(e)
  if (status === 401 || status === 403 || status === 404) return {kind: 'permanent', scope: 'destination'}
  if (status === 400 || status === 413 || status === 422) return {kind: 'permanent', scope: 'batch'}
  if (e.cause && e.cause !== error) return classifyError(e.cause)
  return {kind: 'unknown'}
}

export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeError(error.errors[0])
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}

/** The error a call abandoned at the abort rejects with. */
export class AbandonedError extends Error {
  override name = 'AbortError'
  constructor(message = 'call abandoned: the invocation is ending') {
    super(message)
  }
}

/** `promise`, or a rejection with AbandonedError as soon as `signal` aborts (the call is left behind). */
export function untilAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) {
    promise.catch(() => undefined)
    return Promise.reject(new AbandonedError())
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => undefined)
      reject(new AbandonedError())
    }
    signal.addEventListener('abort', onAbort, {once: true})
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}
