// The function's environment settings, read once per container.
//   FANOUT_TABLE, FANOUT_CONFIG_TTL_SECONDS (60), FANOUT_CONFIG_TIMEOUT_MS (5000: longest wait for
//   the configuration table's Query, within the invocation's time), FANOUT_METRICS_NAMESPACE,
//   FANOUT_PARKING_BUCKET (parking on when set), FANOUT_PARK_AFTER_SECONDS (300).

export interface RuntimeSettings {
  tableName: string
  configTtlMs: number
  configTimeoutMs: number
  metricsNamespace: string
  parkingBucket?: string
  parkAfterSeconds: number
}

function number(value: string | undefined, fallback: number, valid: (n: number) => boolean): number {
  if (value === undefined || value.trim() === '') return fallback
  const n = Number(value)
  return Number.isFinite(n) && valid(n) ? n : fallback
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): RuntimeSettings {
  return {
    configTimeoutMs: number(env.FANOUT_CONFIG_TIMEOUT_MS, 5_000, (n) => n > 0),
    configTtlMs: number(env.FANOUT_CONFIG_TTL_SECONDS, 60, (n) => n >= 0) * 1000,
    metricsNamespace: env.FANOUT_METRICS_NAMESPACE || 'Custom/FanOut',
    parkAfterSeconds: number(env.FANOUT_PARK_AFTER_SECONDS, 300, (n) => n >= -1),
    ...(env.FANOUT_PARKING_BUCKET ? {parkingBucket: env.FANOUT_PARKING_BUCKET} : {}),
    tableName: env.FANOUT_TABLE || `${env.AWS_LAMBDA_FUNCTION_NAME || 'fanout'}Targets`,
  }
}
