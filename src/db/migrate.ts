import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

export const migrationsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../cypher');

export interface Migration {
  id: string;
  checksum: string;
  statements: string[];
}

/** Reads `cypher/NNN-name.cypher` in order; statements end with `;`, `//` lines are comments. */
export function readMigrations(dir: string = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}-[\w-]+\.cypher$/.test(file))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), 'utf8');
      const body = text
        .split('\n')
        .filter((line) => !line.trim().startsWith('//'))
        .join('\n');
      return {
        id: file.replace(/\.cypher$/, ''),
        checksum: createHash('sha256').update(text).digest('hex'),
        statements: body
          .split(';')
          .map((statement) => statement.trim())
          .filter(Boolean),
      };
    });
}

const appliedQuery = {
  name: 'migrations.applied',
  cypher: 'MATCH (m:Migration) RETURN m.id AS id, m.checksum AS checksum',
};
const recordQuery = {
  name: 'migrations.record',
  cypher: 'MERGE (m:Migration {id: $id}) SET m.checksum = $checksum, m.appliedAt = datetime()',
};

/**
 * Applies the migrations not yet recorded in the graph. Schema statements cannot share a
 * transaction with writes, so each runs alone and the record follows; every statement is
 * `IF NOT EXISTS`, so a run cut short is safe to repeat.
 */
export async function migrate(db: Database, migrations: Migration[] = readMigrations()): Promise<string[]> {
  const applied = new Map(
    (await db.read(appliedQuery)).map((row) => [row.id as string, row.checksum as string]),
  );
  const ran: string[] = [];
  for (const migration of migrations) {
    const checksum = applied.get(migration.id);
    if (checksum === migration.checksum) continue;
    if (checksum !== undefined) {
      throw new Error(
        `Migration ${migration.id} changed after it was applied. Add a new migration instead of editing an old one.`,
      );
    }
    for (const [index, cypher] of migration.statements.entries()) {
      await db.write({ name: `migration.${migration.id}.${index + 1}`, cypher });
    }
    await db.write(recordQuery, { id: migration.id, checksum: migration.checksum });
    ran.push(migration.id);
  }
  await db.write({ name: 'migrations.await-indexes', cypher: 'CALL db.awaitIndexes(300)' });
  return ran;
}
