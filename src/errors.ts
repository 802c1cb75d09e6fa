// Errors the CLI reports as one clear line: what failed, on which resource, what to do.

export class UserError extends Error {
  constructor(
    message: string,
    readonly options: {suggestion?: string; exitCode?: number} = {},
  ) {
    super(message)
    this.name = 'UserError'
  }

  get exitCode(): number {
    return this.options.exitCode ?? 1
  }
}

/** A usage error (unknown flag, bad flag value, missing value): one line, exit 2. */
export class UsageError extends UserError {
  constructor(message: string, options: {suggestion?: string} = {}) {
    super(message, {...options, exitCode: 2})
    this.name = 'UsageError'
  }
}

/** Raised when the user answers no to a confirmation: "Cancelled: nothing changed", exit 1. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled: nothing changed') {
    super(message)
    this.name = 'CancelledError'
  }
}

/** Raised when the user interrupts (Ctrl-C) before anything was written: exit 130. */
export class InterruptedError extends Error {
  constructor(message = 'Interrupted: nothing changed') {
    super(message)
    this.name = 'InterruptedError'
  }
}

/**
 * An AWS call that got no answer: the connect or read timeout passed (not retried), or the network
 * refused. One line naming the service, the operation and the endpoint (src/aws/clients.ts).
 */
export class EndpointError extends Error {
  readonly code?: string

  constructor(
    readonly details: {
      kind: 'connect-timeout' | 'read-timeout' | 'unreachable'
      service: string
      operation: string
      endpoint: string
      readTimeoutMs: number
      connectTimeoutMs: number
      code?: string
      cause?: unknown
    },
  ) {
    super(EndpointError.describe(details), {cause: details.cause})
    this.name = 'EndpointError'
    this.code = details.code
  }

  static describe(d: EndpointError['details']): string {
    const check = 'check --endpoint-url, --region and the network'
    const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`
    if (d.kind === 'read-timeout') {
      return `${d.service} did not answer ${d.operation} within ${seconds(d.readTimeoutMs)} at ${d.endpoint} (read timeout: --cli-read-timeout SECONDS waits longer; ${check})`
    }
    if (d.kind === 'connect-timeout') {
      return `Could not connect to ${d.service} at ${d.endpoint} within ${seconds(d.connectTimeoutMs)} for ${d.operation} (connect timeout; ${check})`
    }
    return `Cannot reach ${d.service} at ${d.endpoint} for ${d.operation} (${d.code ?? 'network error'}; ${check})`
  }
}

interface AwsLikeError {
  name?: string
  message?: string
  Code?: string
  $metadata?: {httpStatusCode?: number}
}

const AWS_HINTS: Record<string, string> = {
  AccessDenied: 'check the permissions of the caller (see "Permissions" in the README)',
  AccessDeniedException: 'check the permissions of the caller (see "Permissions" in the README)',
  CredentialsProviderError: 'configure credentials (AWS_PROFILE, --profile, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)',
  ExpiredTokenException: 'refresh your credentials',
  UnrecognizedClientException: 'check your credentials and region',
}

/** oclif parse errors span lines ("The following errors occurred:", "See more help with --help"). */
function oneLine(message: string): string {
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/^The following errors? occurred:?$/.test(line) && !/^See more help with/.test(line))
  return lines.join('; ') || message
}

/** One line for any error: user errors as they are, AWS errors with their code and a hint. */
export function describeError(error: unknown): {message: string; exitCode: number} {
  if (error instanceof UserError) {
    const suggestion = error.options.suggestion ? ` (${error.options.suggestion})` : ''
    return {exitCode: error.exitCode, message: `${error.message}${suggestion}`}
  }
  if (error instanceof CancelledError) return {exitCode: 1, message: error.message}
  if (error instanceof InterruptedError) return {exitCode: 130, message: error.message}
  if (error instanceof EndpointError) return {exitCode: 1, message: error.message}
  const aws = error as AwsLikeError
  const name = aws?.name ?? 'Error'
  const text = oneLine(aws?.message ?? String(error))
  if (name === 'CredentialsProviderError' || /Could not load credentials/.test(text)) {
    return {exitCode: 1, message: `No AWS credentials found: ${AWS_HINTS.CredentialsProviderError}`}
  }
  if (/Region is missing/i.test(text)) {
    return {exitCode: 1, message: 'No AWS region set: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION'}
  }
  const network = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/.exec(`${(error as {code?: string})?.code ?? ''} ${text}`)
  if (network) {
    return {exitCode: 1, message: `Cannot reach the AWS endpoint (${network[0]}): ${text} (check --region, --endpoint-url and the network)`}
  }
  // Something other than the AWS API answered (a wrong --endpoint-url, a proxy, an HTML error page):
  // the SDK's own text ("Unknown: UnknownError", a JSON parse error) says nothing useful.
  if (name === 'Unknown' || name === 'UnknownError' || /Deserialization error/.test(text)) {
    const status = aws?.$metadata?.httpStatusCode ?? (error as {$response?: {statusCode?: number}})?.$response?.statusCode
    return {
      exitCode: 1,
      message: `Unexpected response from the AWS endpoint${status ? ` (HTTP ${status})` : ''}, not an AWS API answer (check --endpoint-url, AWS_ENDPOINT_URL and --region)`,
    }
  }
  const hint = AWS_HINTS[name] ? ` (${AWS_HINTS[name]})` : ''
  const named = name !== 'Error' && (aws?.$metadata || name.endsWith('Exception') || name.endsWith('Fault'))
  return {exitCode: 1, message: named ? `${name}: ${text}${hint}` : `${text}${hint}`}
}
