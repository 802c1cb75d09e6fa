// Lambda entry point (handler `index.handler`). Placeholder until the processor lands.
export const handler = async (): Promise<{batchItemFailures: never[]}> => ({batchItemFailures: []})
