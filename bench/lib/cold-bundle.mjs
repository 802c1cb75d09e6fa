// Cold start of the packaged function: a fresh process imports the bundle (the deploy zip's
// index.mjs) and handles a 10-record event (mapping Query, PutRecords, SendMessageBatch).
// Prints the ms from process start to the end of the invocation.
import {kinesisEvent, streamArn} from './common.mjs'

const {handler} = await import(process.env.BENCH_BUNDLE)
const result = await handler(kinesisEvent(streamArn('cold'), 10, 1024), {getRemainingTimeInMillis: () => 60_000})
if (result.batchItemFailures.length) throw new Error('cold start invocation failed')
process.stderr.write(`${performance.now()}\n`)
process.exit(0)
