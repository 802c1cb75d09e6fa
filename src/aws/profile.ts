// Named profiles as the AWS CLI treats them. The SDK alone differs in three ways that users notice:
// - it reads `endpoint_url`, `region` and the other settings of the shared config file from the
//   AWS_PROFILE variable only, so `--profile NAME` must also set it for this process;
// - with AWS_PROFILE and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY both set it prefers the profile
//   and prints a multi-line warning; the AWS CLI uses the variables (only an explicit --profile
//   beats them);
// - a profile that exists nowhere surfaces as "region is missing" or "no credentials"; the AWS CLI
//   says the profile could not be found.
import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import type {AwsCredentialIdentityProvider} from '@smithy/types'
import {UserError} from '../errors.js'
import {requireSdk} from './sdk.js'

export const configFilePath = (): string => process.env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config')
export const credentialsFilePath = (): string => process.env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials')

/** Profile names of the shared files: `[default]`/`[profile NAME]` in config, `[NAME]` in credentials. */
export function sharedProfileNames(): Set<string> {
  const names = new Set<string>()
  const sections = (path: string): string[] => {
    if (!existsSync(path)) return []
    return [...readFileSync(path, 'utf8').matchAll(/^\s*\[([^\]]+)\]/gm)].map((m) => m[1].trim())
  }
  for (const section of sections(configFilePath())) {
    if (section === 'default') names.add(section)
    const named = /^profile\s+(.+)$/.exec(section)
    if (named) names.add(named[1].trim())
  }
  for (const section of sections(credentialsFilePath())) names.add(section)
  return names
}

/**
 * The `region` of a profile in the config file (what the SDK would use), so that messages and ARNs
 * can name it before any client resolves it. Undefined when the profile or its region is missing.
 */
export function profileRegion(profile = process.env.AWS_PROFILE || 'default'): string | undefined {
  const path = configFilePath()
  if (!existsSync(path)) return undefined
  let inProfile = false
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const section = /^\s*\[([^\]]+)\]/.exec(line)
    if (section) {
      // `[default]` or `[profile NAME]`; other sections (sso-session, services) are no profile.
      const name = section[1].trim()
      inProfile = (name === 'default' ? name : /^profile\s+(.+)$/.exec(name)?.[1].trim()) === profile
      continue
    }
    const region = inProfile && /^\s*region\s*=\s*(\S+)/.exec(line)
    if (region) return region[1]
  }
  return undefined
}

const envKeysSet = (): boolean => Boolean(process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY)

/**
 * Applies the profile rules above for this process. `flagProfile` is --profile as given on the
 * command line. Returns the credentials to give the clients, or undefined for the SDK's default chain.
 */
export function resolveProfileCredentials(flagProfile?: string): AwsCredentialIdentityProvider | undefined {
  const profile = flagProfile || process.env.AWS_PROFILE
  if (!profile) return undefined
  if (profile !== 'default' && !sharedProfileNames().has(profile)) {
    throw new UserError(`The config profile (${profile}) could not be found in ${configFilePath()} or ${credentialsFilePath()}`, {
      suggestion: `check ${flagProfile ? '--profile' : 'AWS_PROFILE'}, or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE`,
    })
  }
  if (!envKeysSet()) {
    if (flagProfile) process.env.AWS_PROFILE = flagProfile
    return undefined
  }
  const providers = requireSdk<typeof import('@aws-sdk/credential-providers')>('@aws-sdk/credential-providers')
  if (flagProfile) {
    // --profile beats the variables: credentials from the profile alone (fromIni covers keys,
    // assumed roles, SSO, credential_process and web identity).
    process.env.AWS_PROFILE = flagProfile
    return providers.fromIni({profile: flagProfile})
  }
  // AWS_PROFILE alone: the variables win, as in the AWS CLI; the profile still gives the settings.
  return providers.fromEnv()
}
