// Replay's progress at a terminal: one ora line on stderr updated after each object (records done
// of records selected). Nothing in scripts or with --json.
import type {Ora} from 'ora'
import {spinnerTerminal} from '../ui/call-spinner.js'

const terminal = (): boolean => spinnerTerminal() && !process.env.CI

export interface ReplayProgress {
  update(progress: {replayed: number; records: number; objects: number; totalObjects: number}): void
  stop(): void
}

function bar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width)
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`
}

export async function replayProgress(quiet: boolean, records: number, objects: number): Promise<ReplayProgress> {
  if (quiet || !terminal()) return {stop() {}, update() {}}
  const {default: ora} = await import('ora')
  const spinner: Ora = ora({stream: process.stderr, text: `Replaying ${bar(0, records)} 0/${records} records, 0/${objects} objects`}).start()
  return {
    stop: () => spinner.stop(),
    update(p) {
      spinner.text = `Replaying ${bar(p.replayed, p.records)} ${p.replayed}/${p.records} records, ${p.objects}/${p.totalObjects} objects`
    },
  }
}
