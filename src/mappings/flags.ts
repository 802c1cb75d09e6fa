// Flags of the mapping commands that only they use (shared ones live in src/cli/flags.ts).
import {Flags} from '@oclif/core'

export const idFlag = Flags.string({description: 'Mapping id (unique per source).'})

// Required, but not declared `required: true`: oclif would refuse with "Missing required flag id";
// locateMapping refuses with "Missing --id", as register does, so every command names the flag alike.
export const existingIdFlag = Flags.string({description: 'Id of the mapping (required).'})

export const indexFlag = Flags.string({description: 'es only: the index to write to (index, or Bash-era doctype/index), with a domain name or endpoint as --destination.'})
