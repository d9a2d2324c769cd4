// npm run schema:print writes schema/schema.graphql and, from it, the explorer's query types
// (web/src/graphql-env.d.ts, by gql.tada); `--check` fails when either file is stale.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateOutput } from '@gql.tada/cli-utils';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../src/schema/index.ts';

const schemaFile = new URL('../schema/schema.graphql', import.meta.url);
const typesFile = new URL('../web/src/graphql-env.d.ts', import.meta.url);
// Its gql.tada plugin entry names the schema file and the types file.
const tsconfig = fileURLToPath(new URL('../web/tsconfig.json', import.meta.url));
const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;

function read(file: URL | string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return ''; // missing counts as stale
  }
}

/** What `gql.tada generate output` would write from the schema file as it is now. */
async function freshTypes(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gql-tada-'));
  try {
    const output = join(dir, 'graphql-env.d.ts');
    await generateOutput({ tsconfig, output, silent: true });
    return read(output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--check')) {
  const stale: string[] = [];
  if (read(schemaFile) !== printed) stale.push('schema/schema.graphql');
  if (read(typesFile) !== (await freshTypes())) stale.push('web/src/graphql-env.d.ts');
  if (stale.length) {
    console.error(`Stale: ${stale.join(', ')}. Run \`npm run schema:print\` and commit.`);
    process.exit(1);
  }
  console.log('schema/schema.graphql and web/src/graphql-env.d.ts are up to date.');
} else {
  writeFileSync(schemaFile, printed);
  await generateOutput({ tsconfig, output: undefined, silent: true });
  console.log('Wrote schema/schema.graphql and web/src/graphql-env.d.ts');
}
