import type { Driver } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.ts';

/** A driver whose reads each wait for the test to answer them, in the order they reached it. */
function fakeDriver() {
  const started: Array<{ cypher: string; answer: () => void }> = [];
  const driver = {
    session: () => ({
      run: (cypher: string) =>
        new Promise((ok) => started.push({ cypher, answer: () => ok({ records: [] }) })),
      executeWrite: async () => ({ records: [] }),
      close: async () => {},
    }),
  } as unknown as Driver;
  return { driver, started };
}

const settle = () => new Promise((ok) => setTimeout(ok, 5));

describe('reads in flight', () => {
  it('are at most the limit; the others reach Neo4j first come, first served', async () => {
    const { driver, started } = fakeDriver();
    const db = new Database(driver, 'neo4j', 15, 2);
    const reads = ['a', 'b', 'c', 'd', 'e'].map((name) => db.read({ name, cypher: `RETURN '${name}'` }));
    await settle();
    expect(started.map((read) => read.cypher)).toEqual(["RETURN 'a'", "RETURN 'b'"]);
    started[1]?.answer();
    await settle();
    expect(started.map((read) => read.cypher)).toEqual(["RETURN 'a'", "RETURN 'b'", "RETURN 'c'"]);
    started[0]?.answer();
    started[2]?.answer();
    await settle();
    expect(started).toHaveLength(5);
    for (const read of started) read.answer();
    await expect(Promise.all(reads)).resolves.toHaveLength(5);
  });

  it('leave the readiness probe out: a busy database is not an absent one', async () => {
    const { driver, started } = fakeDriver();
    const db = new Database(driver, 'neo4j', 15, 1);
    void db.read({ name: 'slow', cypher: 'RETURN 1' });
    const probe = db.ping(1_000);
    await settle();
    expect(started.map((read) => read.cypher).sort()).toEqual(['RETURN 1', 'RETURN 1 AS ok']);
    started.find((read) => read.cypher === 'RETURN 1 AS ok')?.answer();
    await expect(probe).resolves.toBe(true);
    for (const read of started) read.answer();
  });

  it('wait no longer than their operation may, and then time out with a code', async () => {
    const { driver } = fakeDriver();
    const db = new Database(driver, 'neo4j', 15, 1);
    void db.read({ name: 'slow', cypher: 'RETURN 1' });
    const { OperationBudget } = await import('../../src/db/budget.ts');
    const budget = new OperationBudget({ timeoutMs: 30, maxRows: 10, sessions: 1 });
    await expect(db.read({ name: 'late', cypher: 'RETURN 2' }, {}, budget)).rejects.toMatchObject({
      extensions: { code: 'QUERY_TIMEOUT' },
    });
  });
});
