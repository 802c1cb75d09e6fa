// Service answers that acknowledge every entry sent (acknowledged-only counting needs them).
/* eslint-disable @typescript-eslint/no-explicit-any */
export const kinesisOk = (input: any) => ({FailedRecordCount: 0, Records: input.Records.map((_: unknown, n: number) => ({SequenceNumber: `49${n}`, ShardId: 'shardId-000000000000'}))})
export const firehoseOk = (input: any) => ({Encrypted: false, FailedPutCount: 0, RequestResponses: input.Records.map((_: unknown, n: number) => ({RecordId: `r${n}`}))})
export const sqsOk = (input: any) => ({Failed: [], Successful: input.Entries.map((e: {Id: string}) => ({Id: e.Id, MD5OfMessageBody: 'x', MessageId: `m-${e.Id}`}))})
export const snsOk = (input: any) => ({Failed: [], Successful: input.PublishBatchRequestEntries.map((e: {Id: string}) => ({Id: e.Id, MessageId: `m-${e.Id}`}))})
