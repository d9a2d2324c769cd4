import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/db/breaker.ts';

const until = async (done: () => boolean) => {
  for (let waited = 0; !done() && waited < 2_000; waited += 5) await new Promise((ok) => setTimeout(ok, 5));
};

describe('the circuit breaker', () => {
  it('fails at once while open, probes one at a time, and closes on the first probe that gets through', async () => {
    let answers = false;
    let probes = 0;
    let probing = 0;
    let most = 0;
    const breaker = new CircuitBreaker(async () => {
      probes += 1;
      most = Math.max(most, ++probing);
      await new Promise((ok) => setTimeout(ok, 20));
      probing -= 1;
      return answers;
    }, 30);
    expect(() => breaker.check()).not.toThrow();
    breaker.trip();
    breaker.trip(); // a second request finding it away starts no second probe
    expect(breaker.isOpen).toBe(true);
    expect(() => breaker.check()).toThrow(
      expect.objectContaining({
        message: 'The database is unavailable. Try again shortly.',
        extensions: {
          code: 'DATABASE_UNAVAILABLE',
          http: { status: 503, headers: { 'retry-after': '1' } },
        },
      }),
    );
    await until(() => probes >= 3);
    expect(breaker.isOpen).toBe(true);
    answers = true;
    await until(() => !breaker.isOpen);
    expect(breaker.isOpen).toBe(false);
    expect(() => breaker.check()).not.toThrow();
    expect(most).toBe(1);
    // Closed, it probes no more.
    const after = probes;
    await new Promise((ok) => setTimeout(ok, 100));
    expect(probes).toBe(after);
  });

  it('treats a probe that throws as one that failed', async () => {
    let calls = 0;
    const breaker = new CircuitBreaker(async () => {
      calls += 1;
      if (calls < 3) throw new Error('socket closed');
      return true;
    }, 10);
    breaker.trip();
    await until(() => !breaker.isOpen);
    expect(breaker.isOpen).toBe(false);
    expect(calls).toBe(3);
  });
});
