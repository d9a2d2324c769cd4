import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { migrate, readMigrations } from '../../src/db/migrate.ts';
import { testDatabase } from '../helpers/database.ts';

let db: Database;

beforeAll(() => {
  db = testDatabase();
});
afterAll(() => db.close());

async function schemaState() {
  const indexes = await db.read({
    name: 'test.indexes',
    cypher: 'SHOW INDEXES YIELD name, type, state RETURN name, type, state ORDER BY name',
  });
  const migrations = await db.read({
    name: 'test.migrations',
    cypher: 'MATCH (m:Migration) RETURN m.id AS id, m.checksum AS checksum ORDER BY id',
  });
  return { indexes, migrations };
}

describe('migrate', () => {
  it('applies every migration once, records it in the graph, and changes nothing the second time', async () => {
    await migrate(db);
    const first = await schemaState();
    expect(first.migrations.map((row) => row.id)).toEqual(readMigrations().map((migration) => migration.id));
    expect(first.indexes).toEqual(
      expect.arrayContaining([
        { name: 'entity_id', type: 'RANGE', state: 'ONLINE' },
        { name: 'entity_search', type: 'FULLTEXT', state: 'ONLINE' },
      ]),
    );
    // Replaced by the ranked-search indexes (007).
    expect(first.indexes.map((index) => index.name)).not.toContain('entity_text_en');

    expect(await migrate(db)).toEqual([]);
    expect(await schemaState()).toEqual(first);
  });

  it('uses the thai analyzer for Thai text', async () => {
    const [row] = await db.read({
      name: 'test.analyzer',
      cypher:
        "SHOW FULLTEXT INDEXES YIELD name, options WHERE name = 'entity_search' RETURN options.indexConfig['fulltext.analyzer'] AS analyzer",
    });
    expect(row?.analyzer).toBe('thai');
  });

  it('refuses a migration edited after it was applied', async () => {
    const [first] = readMigrations();
    const edited = { ...(first as NonNullable<typeof first>), checksum: 'edited' };
    await expect(migrate(db, [edited])).rejects.toThrow(/changed after it was applied/);
  });
});
