// Second pass of the runtime bundle (scripts/bundle-runtime.mjs): esbuild's code splitting puts code
// that the entry shares with a lazily loaded chunk into chunks of their own (it does not know that a
// dynamic import always runs after the entry), so a cold start loaded the entry and some twenty
// small files, each with its own resolve, read and compile. This pass inlines every chunk the entry
// imports statically into index.mjs (an esbuild build over the first pass's files), index.mjs
// re-exports what the remaining chunks took from them, and those chunks import it from
// "../index.mjs" instead: the same code, loaded once, in one file.
import * as esbuild from 'esbuild'
import {posix} from 'node:path'

const ENTRY = 'index.mjs'
/** esbuild's minified import statements of a sibling chunk: `import{a as B,c}from"./chunk-X.mjs";` or `import"./chunk-X.mjs";`. */
const SIBLING_IMPORT = /import(?:\{([^}]*)\}from)?"\.\/([\w.-]+\.mjs)";?/g

/** The files the entry imports statically, transitively (paths relative to the output folder). */
function staticClosure(files, imports) {
  const seen = new Set()
  const stack = [...imports(ENTRY)]
  while (stack.length) {
    const file = stack.pop()
    if (seen.has(file) || !files.has(file)) continue
    seen.add(file)
    stack.push(...imports(file))
  }
  return seen
}

/**
 * files: path relative to the output folder -> text, as the first pass wrote them (index.mjs and
 * chunks/*.mjs); staticImports(path): the paths that file imports statically; banner: the first
 * pass's banner (the `require` of CommonJS code), dropped from files that never call it.
 * Returns the files to write: index.mjs with its static closure inlined, and every other chunk,
 * rewritten.
 */
export async function flattenEntry(files, staticImports, esbuildOptions, banner) {
  const withoutUnusedBanner = (text) => {
    const body = text.startsWith(banner) ? text.slice(banner.length) : text
    return /\brequire\b/.test(body) ? text : body
  }
  const inlined = staticClosure(files, staticImports)
  const tagOf = new Map([...inlined].sort().map((path, n) => [path, `c${n}$`]))
  /** path -> export names of it that the remaining chunks import (re-exported by index.mjs as tag + name). */
  const wanted = new Map()
  const out = new Map()
  for (const [path, text] of files) {
    if (path === ENTRY || inlined.has(path)) continue
    const rewritten = withoutUnusedBanner(text).replace(SIBLING_IMPORT, (statement, specifiers, name) => {
      const target = posix.join(posix.dirname(path), name)
      if (!inlined.has(target)) return statement
      const tag = tagOf.get(target)
      const names = wanted.get(target) ?? new Set()
      wanted.set(target, names)
      if (specifiers === undefined) return `import"../${ENTRY}";`
      const renamed = specifiers.split(',').map((specifier) => {
        const [exported, local = exported] = specifier.split(' as ')
        names.add(exported)
        return `${tag}${exported} as ${local}`
      })
      return `import{${renamed.join(',')}}from"../${ENTRY}";`
    })
    for (const target of inlined) {
      if (rewritten.includes(`"./${posix.basename(target)}"`)) throw new Error(`flatten-entry: ${path} still refers to ${target} in a form it does not rewrite`)
    }
    out.set(path, rewritten)
  }

  const reexports = [...wanted].sort(([a], [b]) => (a < b ? -1 : 1)).map(
    ([path, names]) => `export{${[...names].sort().map((name) => `${name} as ${tagOf.get(path)}${name}`).join(',')}}from"./${path}";`,
  )
  const result = await esbuild.build({
    ...esbuildOptions,
    bundle: true,
    outfile: ENTRY,
    write: false,
    stdin: {contents: `export*from"./${ENTRY}";${reexports.join('')}`, loader: 'js', resolveDir: '/', sourcefile: 'flattened-entry.mjs'},
    plugins: [
      {
        name: 'first-pass-files',
        setup(build) {
          build.onResolve({filter: /^\.\.?\//}, (args) => {
            const from = args.importer === '' || args.importer === '<stdin>' || args.namespace !== 'first-pass' ? '' : posix.dirname(args.importer)
            const path = posix.join(from, args.path)
            if (path === ENTRY || inlined.has(path)) return {namespace: 'first-pass', path}
            // A chunk that stays a file: imported (dynamically) from index.mjs, beside chunks/.
            return {external: true, path: `./${path}`}
          })
          build.onLoad({filter: /.*/, namespace: 'first-pass'}, (args) => {
            return {contents: withoutUnusedBanner(files.get(args.path)), loader: 'js'}
          })
        },
      },
    ],
  })
  out.set(ENTRY, result.outputFiles[0].text)
  return out
}
