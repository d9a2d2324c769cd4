import { describe, expect, it } from 'vitest';
import { pairs } from '../../src/releases/releases.ts';
import type { ExportRecord } from '../../src/stores/graph-records.ts';

const entity = (id: string) => ({ kind: 'entity', id }) as unknown as ExportRecord;

/** A stream of entities that notes whether it was closed, as Database.stream closes its session. */
function tracked(ids: string[]) {
  const state = { closed: false };
  async function* records() {
    try {
      for (const id of ids) yield entity(id);
    } finally {
      state.closed = true;
    }
  }
  return { state, records: records() };
}

describe('pairs', () => {
  it('pairs records by key', async () => {
    const seen: Array<[string | undefined, string | undefined]> = [];
    const left = tracked(['a', 'b']);
    const right = tracked(['b', 'c']);
    for await (const [x, y] of pairs(left.records, right.records))
      seen.push([(x as { id?: string })?.id, (y as { id?: string })?.id]);
    expect(seen).toEqual([
      ['a', undefined],
      ['b', 'b'],
      [undefined, 'c'],
    ]);
  });

  it('closes both inputs when its consumer stops early', async () => {
    const left = tracked(['a', 'b', 'c']);
    const right = tracked(['a', 'b', 'c']);
    for await (const _ of pairs(left.records, right.records)) break;
    expect(left.state.closed).toBe(true);
    expect(right.state.closed).toBe(true);
  });

  it('closes both inputs when the records are out of order', async () => {
    const left = tracked(['b', 'a', 'c']);
    const right = tracked(['b', 'c', 'd']);
    const read = async () => {
      for await (const _ of pairs(left.records, right.records));
    };
    await expect(read()).rejects.toThrow('records out of order');
    expect(left.state.closed).toBe(true);
    expect(right.state.closed).toBe(true);
  });
});
