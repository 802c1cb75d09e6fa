// Runs the CLI as a user runs it: `node bin/run.js ...` in a child process, no TTY, CI=true.
import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {TEST_AWS_ENV} from './emulators.js'

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const RUN_JS = `${PROJECT_ROOT}bin/run.js`

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export function runCli(args: string[], options: {env?: Record<string, string | undefined>; input?: string; cwd?: string} = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = {...process.env, ...TEST_AWS_ENV, CI: 'true', NO_COLOR: '1', ...options.env}
    // A profile of the developer's machine must not leak in; a test may still name one.
    if (!options.env || !('AWS_PROFILE' in options.env)) delete env.AWS_PROFILE
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key]
    const child = spawn(process.execPath, [RUN_JS, ...args], {cwd: options.cwd ?? PROJECT_ROOT, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({code: code ?? -1, stderr, stdout}))
    child.stdin.end(options.input ?? '')
  })
}
