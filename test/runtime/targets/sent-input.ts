// What a stubbed Kinesis or Firehose client was asked to send, in either mode: the command's input
// with FANOUT_PASSTHROUGH=off, or the body the target wrote (pass-through) read back as that input
// (Data as bytes, as the SDK takes it).
import {writtenBody} from '../../../runtime/aws/pass-through.js'

type Input = {Records?: Array<{Data?: Uint8Array | string}>} & Record<string, unknown>

export function sentInput<I>(input: I): I {
  const body = writtenBody(input as object)
  if (!body) return input
  const parsed = JSON.parse(body.toString('utf8')) as Input
  for (const record of parsed.Records ?? []) record.Data = Buffer.from(record.Data as string, 'base64')
  return parsed as I
}

/** Runs `suite` once with pass-through on and once with FANOUT_PASSTHROUGH=off. */
export function inBothModes(suite: (mode: 'on' | 'off') => void): void {
  for (const mode of ['on', 'off'] as const) {
    describe(`pass-through ${mode}`, () => {
      let saved: string | undefined
      before(() => {
        saved = process.env.FANOUT_PASSTHROUGH
        if (mode === 'off') process.env.FANOUT_PASSTHROUGH = 'off'
        else delete process.env.FANOUT_PASSTHROUGH
      })
      after(() => {
        if (saved === undefined) delete process.env.FANOUT_PASSTHROUGH
        else process.env.FANOUT_PASSTHROUGH = saved
      })
      suite(mode)
    })
  }
}
