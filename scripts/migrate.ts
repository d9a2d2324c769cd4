// npm run migrate: applies the migrations in cypher/ that the graph has not recorded yet.
import { migrate } from '../src/db/migrate.ts';
import { withDatabase } from './with-database.ts';

await withDatabase(async (db) => {
  const ran = await migrate(db);
  console.log(ran.length ? `Applied: ${ran.join(', ')}` : 'Migrations are up to date.');
});
