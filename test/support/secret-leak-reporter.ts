/**
 * The last step of `npm test` (a vitest reporter, so it runs after every test
 * file and before the run's exit code is set): reads what the secret recorder
 * wrote in every process of the run and fails the run when a configured secret
 * appears anywhere but the headers of the operations allowed to carry it
 * (issue 14; the rules are in find-secret-leaks.ts). It clears the records
 * when the run starts, so only this run's are checked.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestRunEndReason } from 'vitest/reporters';
import { findSecretLeaks, type Leak, type RecordedItem } from './find-secret-leaks.js';
import { RECORDER_DIR } from './secret-recorder.js';
import { CONFIGURED_SECRETS } from './secrets.js';

/** Every record the run's processes wrote to `dir`. */
export function readRecords(dir: string): RecordedItem[] {
  const items: RecordedItem[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line) items.push(JSON.parse(line) as RecordedItem);
    }
  }
  return items;
}

/** The verdict on the records in `dir`, and the line that says it. */
export function checkRecordedRun(dir: string): { leaks: Leak[]; summary: string } {
  const items = readRecords(dir);
  const leaks = findSecretLeaks(items, CONFIGURED_SECRETS);
  const requests = items.filter((item) => item.t === 'request').length;
  const texts = items.filter((item) => item.t === 'text').length;
  const secrets = CONFIGURED_SECRETS.length + items.filter((item) => item.t === 'secret').length;
  const counts = `${requests} requests and ${texts} strings the package produced, against ${secrets} secrets`;
  return {
    leaks,
    summary: leaks.length === 0 ? `secret recorder: ${counts}: none out of place` : `secret recorder: ${counts}: ${leaks.length} out of place`,
  };
}

export default class SecretLeakReporter implements Reporter {
  onInit(): void {
    rmSync(RECORDER_DIR, { recursive: true, force: true });
    mkdirSync(RECORDER_DIR, { recursive: true });
  }

  onTestRunEnd(_modules: unknown, _errors: unknown, reason: TestRunEndReason): void {
    if (reason === 'interrupted') return;
    const { leaks, summary } = checkRecordedRun(RECORDER_DIR);
    writeFileSync(join(RECORDER_DIR, 'leaks.json'), `${JSON.stringify(leaks, null, 2)}\n`);
    if (leaks.length === 0) {
      console.log(`\n${summary}\n`);
      return;
    }
    console.error(`\n${summary}; the run fails:`);
    for (const leak of leaks.slice(0, 50)) console.error(`  ${leak.secret} (${leak.kind}) in ${leak.where}: …${JSON.stringify(leak.excerpt)}…`);
    console.error(`All of them: ${join(RECORDER_DIR, 'leaks.json')}\n`);
    // vitest keeps a failing exit code set here; every test may have passed.
    process.exitCode = 1;
  }
}
