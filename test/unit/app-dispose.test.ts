import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { WebhookDispatcher } from '../../src/webhooks/dispatcher.ts';
import { createApp, testOptions } from '../../src/yoga.ts';

describe('an app with a data directory', () => {
  it('stops its release poll when disposed', async () => {
    const stop = vi.spyOn(WebhookDispatcher.prototype, 'stop');
    const dataDir = join(mkdtempSync(join(tmpdir(), 'app-dispose-')), 'data');
    // Built without a query: the database is never asked.
    const app = createApp({} as Database, { ...testOptions, dataDir });
    expect(stop).not.toHaveBeenCalled();
    await app.dispose();
    expect(stop).toHaveBeenCalledTimes(1);
    stop.mockRestore();
  });
});

describe('testOptions', () => {
  it("keeps tokens and webhooks out of the checkout's .data/", () => {
    for (const file of [testOptions.tokensFile, testOptions.webhooksFile]) {
      expect(resolve(file).startsWith(resolve(tmpdir()))).toBe(true);
      expect(resolve(file).startsWith(resolve('.data'))).toBe(false);
    }
  });
});
