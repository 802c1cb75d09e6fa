// Flag definitions shared by several commands, defined once.
import {Flags} from '@oclif/core'
import {COLLAPSE_MODES} from '../../runtime/mapping/schema.js'

/** --source-type/--source (looked up) or --source-arn (taken as is). */
export const sourceFlags = {
  source: Flags.string({description: 'Name of the Kinesis stream, or of the DynamoDB table whose stream is the source.'}),
  'source-arn': Flags.string({description: 'ARN of the Kinesis stream or DynamoDB stream (taken as is, no look-up).'}),
  'source-type': Flags.string({description: 'Kind of source named by --source.', options: ['kinesis', 'dynamodb']}),
}

/** Mapping properties (register and update). Bash spellings `--active true` are rewritten first. */
export const mappingPropertyFlags = {
  active: Flags.boolean({allowNo: true, description: 'Whether the fan-out uses this mapping (register default: inactive).'}),
  'append-newlines': Flags.boolean({allowNo: true, description: 'Add a newline after each record (firehose, concat collapse).'}),
  collapse: Flags.string({
    description: 'How records are grouped into messages (sns, sqs, iot): none = one message per record, JSON = {"Records":[...]}, concat = bytes joined, concat-b64 = base64 of that.',
    options: [...COLLAPSE_MODES],
  }),
  'convert-ddb': Flags.boolean({allowNo: true, description: 'DynamoDB images become plain JSON (DynamoDB sources only).'}),
  deaggregate: Flags.boolean({allowNo: true, description: 'Split KPL-aggregated records into user records (Kinesis sources only).'}),
  destination: Flags.string({description: 'Where records go: a name (resolved) or an ARN, URL or endpoint (taken as is).'}),
  'destination-region': Flags.string({description: 'Region of the destination when it is not the function\'s.'}),
  'destination-role-arn': Flags.string({description: 'IAM role to assume to reach the destination (cross-account).'}),
  'external-id': Flags.string({description: 'External id for that AssumeRole.'}),
  parallel: Flags.boolean({allowNo: true, description: 'Send batches concurrently (default); --no-parallel keeps strict order.'}),
}
