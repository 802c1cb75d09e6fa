// What a script depends on, per command: its flags (names, types, options, defaults) and its
// arguments, read from the command classes as oclif sees them (baseFlags and flags merged, --json
// where enabled). test/src/snapshots.test.ts compares this with test/snapshots/command-flags.json,
// as oclif's command snapshots do; UPDATE_SNAPSHOTS=1 rewrites the snapshot after a deliberate change.
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {PROJECT_ROOT} from './cli.js'

interface FlagLike {
  type: 'boolean' | 'option'
  char?: string
  options?: readonly string[]
  default?: unknown
  multiple?: boolean
  allowNo?: boolean
  required?: boolean
  exclusive?: string[]
  hidden?: boolean
}

interface ArgLike {
  required?: boolean
  options?: readonly string[]
  default?: unknown
}

export interface FlagSnapshot {
  type: 'boolean' | 'option'
  char?: string
  options?: string[]
  default?: unknown
  multiple?: true
  allowNo?: true
  required?: true
  exclusive?: string[]
  hidden?: true
}

export interface CommandSnapshot {
  args: Record<string, {required?: true; options?: string[]; default?: unknown}>
  flags: Record<string, FlagSnapshot>
  json: boolean
}

function flagSnapshot(flag: FlagLike): FlagSnapshot {
  const out: FlagSnapshot = {type: flag.type}
  if (flag.char) out.char = flag.char
  if (flag.options) out.options = [...flag.options]
  if (flag.default !== undefined && typeof flag.default !== 'function') out.default = flag.default
  if (flag.multiple) out.multiple = true
  if (flag.allowNo) out.allowNo = true
  if (flag.required) out.required = true
  if (flag.exclusive?.length) out.exclusive = [...flag.exclusive].sort()
  if (flag.hidden) out.hidden = true
  return out
}

const sorted = <T>(record: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)))

/** Every command in src/commands, by id (file name), with its flags and arguments. */
export async function commandSnapshots(): Promise<Record<string, CommandSnapshot>> {
  const dir = join(PROJECT_ROOT, 'src/commands')
  const out: Record<string, CommandSnapshot> = {}
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const {default: Command} = (await import(pathToFileURL(join(dir, file)).href)) as {
      default: {baseFlags?: Record<string, FlagLike>; flags?: Record<string, FlagLike>; args?: Record<string, ArgLike>; enableJsonFlag?: boolean}
    }
    const flags: Record<string, FlagSnapshot> = {}
    for (const [name, flag] of Object.entries({...Command.baseFlags, ...Command.flags})) flags[name] = flagSnapshot(flag)
    if (Command.enableJsonFlag) flags.json = {type: 'boolean'}
    const args: CommandSnapshot['args'] = {}
    for (const [name, arg] of Object.entries(Command.args ?? {})) {
      args[name] = {
        ...(arg.required ? {required: true as const} : {}),
        ...(arg.options ? {options: [...arg.options]} : {}),
        ...(arg.default !== undefined && typeof arg.default !== 'function' ? {default: arg.default} : {}),
      }
    }
    out[file.replace(/\.ts$/, '')] = {args, flags: sorted(flags), json: Boolean(Command.enableJsonFlag)}
  }
  return out
}
