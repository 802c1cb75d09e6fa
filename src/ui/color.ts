// Whether to colour output written to a stream, as Node and most CLIs decide: FORCE_COLOR (any value
// but 0/false) forces it on, even into a pipe, and wins over NO_COLOR; NO_COLOR turns it off;
// otherwise colour only at a terminal.
export function useColor(stream: {isTTY?: boolean} = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase())
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  return Boolean(stream.isTTY)
}
