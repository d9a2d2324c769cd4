import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { attemptCursor, type DeliveryAttempt, DeliveryLog } from '../../src/webhooks/delivery-log.ts';

const attempt = (webhook: string, n: number): DeliveryAttempt => ({
  delivery: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  webhook,
  event: 'curation',
  attempt: 1,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  status: 200,
  ok: true,
  error: null,
  nextAttemptAt: null,
});

/** A log of 60 attempts, alternately to hooks a and b, rotated past 1 KiB (about 4 lines a file). */
function filledLog() {
  const log = new DeliveryLog(join(mkdtempSync(join(tmpdir(), 'delivery-log-')), 'deliveries.jsonl'), {
    maxBytes: 1024,
    keep: 4,
  });
  for (let n = 1; n <= 60; n += 1) log.append(attempt(n % 2 ? 'a' : 'b', n));
  return log;
}
/** Appends newer attempts (to b, then one to a) until the file is rotated. */
function rotateWithNewer(log: DeliveryLog) {
  const [oldest] = log.files().slice(-1);
  const before = readFileSync(oldest as string, 'utf8');
  for (let n = 61; readFileSync(oldest as string, 'utf8') === before; n += 2) log.append(attempt('b', n));
  log.append(attempt('a', 1001));
}
const numbers = (attempts: DeliveryAttempt[]) => attempts.map((a) => Number(a.delivery.slice(-12)));

describe('the webhook delivery log', () => {
  it('is rotated past its size, and keeps only so many rotated files', () => {
    const log = filledLog();
    expect(log.files().map((file) => file.slice(log.file.length))).toEqual(['', '.1', '.2', '.3', '.4']);
    for (const file of log.files()) expect(statSync(file).size).toBeLessThanOrEqual(1024);
  });

  it("reads a hook's attempts newest first across the rotated files, and only those kept", () => {
    const log = filledLog();
    const all = numbers(log.read('a', 100));
    // Contiguous from the newest: every odd number down to the oldest one kept, none after a gap.
    expect(all[0]).toBe(59);
    expect(all.length).toBeGreaterThan(4); // more than one file's worth
    expect(all.length).toBeLessThan(30); // the oldest were dropped
    expect(all).toEqual(all.map((_, index) => 59 - 2 * index));
  });

  it('pages with the cursor of the last attempt read, across a rotation between pages', () => {
    const log = filledLog();
    const whole = numbers(log.read('a', 100));
    const paged: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page = log.read('a', 3, after);
      if (!page.length) break;
      paged.push(...numbers(page));
      after = attemptCursor(page.at(-1) as DeliveryAttempt);
      if (paged.length === 3) rotateWithNewer(log);
    }
    expect(paged.slice(0, 3)).toEqual(whole.slice(0, 3));
    // After the rotation the pages go on where they were: older attempts, none twice, none skipped
    // (the oldest file's were dropped by the rotation).
    expect(paged.length).toBeGreaterThan(6);
    expect(paged).toEqual(whole.slice(0, paged.length));
  });

  it('reads nothing after an attempt rotated out, and refuses a cursor that is none', () => {
    const log = filledLog();
    expect(log.read('a', 10, attemptCursor(attempt('a', 1)))).toEqual([]);
    expect(() => log.read('a', 10, 'not a cursor')).toThrow(/after must be the cursor/);
  });
});
