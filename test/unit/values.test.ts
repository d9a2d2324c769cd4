import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { plainRows, toPlain } from '../../src/db/values.ts';

const record = (row: object) => ({ toObject: () => row });

describe('values read from Neo4j', () => {
  it('become plain JSON: Integers numbers (strings past 2^53), temporals ISO strings, maps and lists kept', () => {
    expect(
      toPlain({
        year: neo4j.int(2024),
        huge: neo4j.int('9007199254740993'),
        date: new neo4j.types.Date(2024, 7, 9),
        missing: undefined,
        nested: { list: [neo4j.int(1), 'ไทย', null, true, 0.5] },
      }),
    ).toEqual({
      year: 2024,
      huge: '9007199254740993',
      date: '2024-07-09',
      missing: null,
      nested: { list: [1, 'ไทย', null, true, 0.5] },
    });
  });

  it('count each row and each map in it at any depth, as the row budget does', () => {
    const { rows, count } = plainRows([
      record({
        entity: ['a', 'Country', { name: 'A' }],
        hits: [
          [['b', 'Topic', {}], []],
          [1, 2],
        ],
      }),
      record({ entity: ['d', 'Country', { name: 'D' }], hits: [] }),
    ]);
    expect(rows[0]).toEqual({
      entity: ['a', 'Country', { name: 'A' }],
      hits: [
        [['b', 'Topic', {}], []],
        [1, 2],
      ],
    });
    // Two rows and three entities' properties; lists are not records of their own.
    expect(count).toBe(5);
  });

  it('count the bytes of their strings, as the byte budget does: a long Thai one by its UTF-8 size', () => {
    const long = 'ก'.repeat(2_000);
    const { bytes } = plainRows([record({ id: 'thailand', names: ['TH', long], n: 7 })]);
    // 'thailand' and 'TH' count a byte a character; 2,000 Thai characters are 6,000 bytes.
    expect(bytes).toBe(8 + 2 + 6_000);
  });
});
