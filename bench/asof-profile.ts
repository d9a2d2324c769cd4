import type { Database } from '../src/db/database.ts';
import type { App } from '../src/yoga.ts';
import { runOperation } from './run-operation.ts';

/** Times each named query `db` runs, while `work` runs; the rest of the operation is JavaScript. */
export function timeQueries(db: Database): { take: () => Map<string, number> } {
  const read = db.read.bind(db);
  let spent = new Map<string, number>();
  db.read = (async (...args: Parameters<Database['read']>) => {
    const started = performance.now();
    try {
      return await read(...args);
    } finally {
      const name = (args[0] as { name: string }).name;
      spent.set(name, (spent.get(name) ?? 0) + performance.now() - started);
    }
  }) as Database['read'];
  return {
    take: () => {
      const taken = spent;
      spent = new Map();
      return taken;
    },
  };
}

/**
 * Where an operation's time goes: the median over `runs` of each named query's time, and of what
 * is left (JavaScript: parsing, resolving claims, serialising). One line a query, slowest first.
 */
export async function profileOperation(
  app: App,
  queries: ReturnType<typeof timeQueries>,
  name: string,
  query: string,
  runs = 7,
): Promise<string> {
  const samples = new Map<string, number[]>();
  queries.take();
  for (let i = 0; i < runs; i++) {
    const { ms } = await runOperation(app, name, query);
    const spent = queries.take();
    const inDb = [...spent.values()].reduce((a, b) => a + b, 0);
    for (const [key, value] of [...spent, ['(JavaScript and the rest)', ms - inDb] as const])
      samples.set(key, [...(samples.get(key) ?? []), value]);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return [...samples]
    .map(([key, values]) => [key, median(values)] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([key, ms]) => `${key} ${ms.toFixed(1)} ms`)
    .join('; ');
}
