// The function's environment settings, read once per container.

export interface RuntimeSettings {
  tableName: string
  configTtlMs: number
  metricsNamespace: string
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  const ttl = Number(env.FANOUT_CONFIG_TTL_SECONDS)
  return {
    configTtlMs: (env.FANOUT_CONFIG_TTL_SECONDS !== undefined && env.FANOUT_CONFIG_TTL_SECONDS !== '' && Number.isFinite(ttl) && ttl >= 0 ? ttl : 60) * 1000,
    metricsNamespace: env.FANOUT_METRICS_NAMESPACE || 'Custom/FanOut',
    tableName: env.FANOUT_TABLE || `${env.AWS_LAMBDA_FUNCTION_NAME || 'fanout'}Targets`,
  }
}
