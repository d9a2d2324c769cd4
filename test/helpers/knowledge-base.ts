import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { loadAllSources } from '../../src/kb/load-all.ts';
import { FactsInvalidError } from '../../src/kb/validate.ts';

/** Migrates and loads the real knowledge base (idempotent, so every file may call it). */
export async function loadKnowledgeBase(db: Database): Promise<void> {
  await migrate(db);
  const { failed } = await loadAllSources(db);
  // The loader skips a broken source; the tests must not.
  if (failed.length) throw new FactsInvalidError(failed.flatMap((failure) => failure.problems));
}

/**
 * Takes one source out of the graph: the relations it states, the entities no other source cites
 * and its Source node. A fixture cleans up after itself with this and leaves the rest alone.
 */
export async function removeSource(db: Database, source: string): Promise<void> {
  await db.writeTransaction(`test.removeSource.${source}`, async (run) => {
    await run(
      {
        name: 'test.removeSourceRelations',
        cypher: `
          MATCH (:Source {id: $source})<-[:CITED_IN]-(:Entity)-[r]->()
          WHERE r.source = $source
          DELETE r`,
      },
      { source },
    );
    await run(
      {
        name: 'test.removeSourceEntities',
        cypher: `
          MATCH (s:Source {id: $source})
          OPTIONAL MATCH (n:Entity)-[:CITED_IN]->(s)
          WHERE NOT EXISTS { (n)-[:CITED_IN]->(other:Source) WHERE other <> s }
          WITH s, collect(n) AS only
          FOREACH (n IN only | DETACH DELETE n)
          DETACH DELETE s`,
      },
      { source },
    );
  });
}
