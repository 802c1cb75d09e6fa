#!/usr/bin/env node
// Node 20.19+ is supported; the SDK's Node-version notice would be noise on every command's stderr.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const {execute} = await import('@oclif/core')
await execute({dir: import.meta.url})
