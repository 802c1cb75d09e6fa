// Runs the CLI at a pseudo-terminal (util-linux `script`), as a person at a terminal runs it:
// stdin, stdout and stderr are the terminal (80x24), CI is unset. `keys` are typed once `waitFor`
// shows on the screen; `interrupt` sends Ctrl-C (the terminal's ^C, so the CLI gets SIGINT).
import {spawn, spawnSync} from 'node:child_process'
import {PROJECT_ROOT, RUN_JS} from './cli.js'
import {TEST_AWS_ENV} from './emulators.js'
import {requireEveryTier} from './services.js'

export interface TerminalResult {
  code: number
  /** Everything the terminal showed (stdout and stderr, with control sequences). */
  screen: string
  /** The screen without ANSI control sequences and carriage returns. */
  text: string
}

export const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '')

/** Skips (or, where every tier must run, fails) a suite without `script`. */
export function requireTerminal(context: Mocha.Context): void {
  if (spawnSync('script', ['-qec', 'true', '/dev/null']).status === 0) return
  if (requireEveryTier()) throw new Error('util-linux `script` is required for this suite (a pseudo-terminal)')
  context.skip()
}

export async function atTerminal(
  args: string[],
  options: {env?: Record<string, string | undefined>; steps?: Array<{waitFor: RegExp; keys?: string; interrupt?: boolean}>; timeoutMs?: number} = {},
): Promise<TerminalResult> {
  const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`
  // The shell traps SIGINT (children get the default back) so that it lives to report the exit code.
  const command = `trap : INT; stty cols 80 rows 24 2>/dev/null; ${quote(process.execPath)} ${quote(RUN_JS)} ${args.map(quote).join(' ')}; echo "rc=$?"`
  const env: Record<string, string | undefined> = {...process.env, ...TEST_AWS_ENV, NO_COLOR: '1', ...options.env}
  delete env.CI
  if (!options.env || !('AWS_PROFILE' in options.env)) delete env.AWS_PROFILE
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key]
  const child = spawn('script', ['-qec', command, '/dev/null'], {cwd: PROJECT_ROOT, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'inherit']})
  let screen = ''
  child.stdout.on('data', (chunk) => (screen += chunk))
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()))
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  for (const step of options.steps ?? []) {
    while (!step.waitFor.test(stripAnsi(screen)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
    if (step.keys) child.stdin.write(step.keys)
    if (step.interrupt) child.stdin.write('\x03')
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(0, deadline - Date.now()))
  await closed
  clearTimeout(timer)
  const text = stripAnsi(screen)
  const code = Number(/rc=(\d+)/.exec(text)?.[1] ?? -1)
  return {code, screen, text: text.replace(/rc=\d+\s*$/, '')}
}
