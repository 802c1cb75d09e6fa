// Loads AWS SDK packages with require(). They ship CommonJS, and importing CommonJS from ESM makes
// Node lex each package's large entry file for its named exports: over 100 ms per command for the
// DynamoDB and Kinesis clients. require() skips that; call it where the package is needed (lazily).
import {createRequire} from 'node:module'

const load = createRequire(import.meta.url)

export const requireSdk = <T>(name: string): T => load(name) as T
