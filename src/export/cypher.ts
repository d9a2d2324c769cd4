import {
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isPoint,
  isTime,
} from 'neo4j-driver';
import { type AuditFields, publicAudit } from '../curation/audit-view.ts';
import type { Database, Params, Query } from '../db/database.ts';
import { userError } from '../errors.ts';
import type { ExportHeader } from '../stores/graph-records.ts';

/**
 * A Cypher script that recreates the whole graph in an empty Neo4j, exactly as the API reads it:
 * the constraints and indexes (full-text ones too), every node with its labels and properties,
 * every relationship with its properties. One statement per line, each ending in `;`: the script
 * runs with `npm run cypher:load -- FILE`, or with `cypher-shell -f FILE`.
 *
 * Nodes are created in batches of one label set, each with a temporary key (its element id in the
 * exported graph) that the relationships are matched on; the last statements remove the key.
 */
const batchSize = 500;
const keyLabel = '`__Export`';
const keyProp = '`__export`';

export const identifier = (name: string) => `\`${name.replaceAll('`', '``')}\``;

const escapes: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A string as a Cypher literal on one line: quotes, backslashes and control characters escaped. */
function stringLiteral(value: string): string {
  const escaped = value.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
    /[\\'\u0000-\u001f\u2028\u2029]/g,
    (char) => escapes[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `'${escaped}'`;
}

/** A float stays a float: 1.0, not 1 (an integer to Cypher). */
function floatLiteral(value: number): string {
  if (!Number.isFinite(value)) return `toFloat('${value}')`;
  const written = String(value).replace('e+', 'e');
  return /[.e]/.test(written) ? written : `${written}.0`;
}

/** A value read from Neo4j (the driver's own types, not plain JSON) as a Cypher literal. */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return floatLiteral(value);
  if (isInt(value)) return value.toString();
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (isDate(value)) return `date(${stringLiteral(value.toString())})`;
  if (isDateTime(value)) return `datetime(${stringLiteral(value.toString())})`;
  if (isLocalDateTime(value)) return `localdatetime(${stringLiteral(value.toString())})`;
  if (isTime(value)) return `time(${stringLiteral(value.toString())})`;
  if (isLocalTime(value)) return `localtime(${stringLiteral(value.toString())})`;
  if (isDuration(value)) return `duration(${stringLiteral(value.toString())})`;
  if (isPoint(value)) {
    const { srid, x, y, z } = value;
    return `point(${literal(z === undefined ? { srid, x, y } : { srid, x, y, z })})`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([key, inner]) => `${identifier(key)}: ${literal(inner)}`);
    return `{${entries.join(', ')}}`;
  }
  throw userError('BAD_USER_INPUT', `A ${typeof value} value cannot be written as Cypher`);
}

async function* batches<T>(items: AsyncIterable<T>): AsyncGenerator<T[]> {
  const batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === batchSize) yield batch.splice(0);
  }
  if (batch.length) yield batch;
}

/** Rows as the driver gives them: integers and temporals keep their Neo4j types. */
const raw = (db: Database, query: Query, params: Params = {}) => db.stream(query, params, { raw: true });

// Named, so that `SHOW TRANSACTIONS` tells an export's from the API's.
const auditQuery: Query = {
  name: 'export.cypher.audit',
  cypher: 'MATCH (e:AuditEvent) RETURN e.fact AS fact, e.after AS after ORDER BY e.seq',
};
const constraintsQuery: Query = {
  name: 'export.cypher.constraints',
  cypher: 'SHOW CONSTRAINTS YIELD createStatement AS statement',
};
const indexesQuery: Query = {
  name: 'export.cypher.indexes',
  cypher: `SHOW INDEXES YIELD createStatement AS statement, owningConstraint, type
    WHERE owningConstraint IS NULL AND type <> 'LOOKUP' RETURN statement`,
};
// Webhook claims (src/webhooks/claims.ts) say who follows what and when they were told: not exported.
const labelSetsQuery: Query = {
  name: 'export.cypher.labelSets',
  cypher: 'MATCH (n) WHERE NOT n:WebhookClaim RETURN DISTINCT labels(n) AS labels',
};
/** The nodes of one label set: a label's own index finds them; the other labels must match too. */
const nodesQuery = (labels: string[]): Query => {
  const [first] = labels;
  const match = first
    ? `MATCH (n:${identifier(first)}) WHERE labels(n) = $labels`
    : 'MATCH (n) WHERE size(labels(n)) = 0';
  return {
    name: 'export.cypher.nodes',
    cypher: `${match} RETURN elementId(n) AS key, properties(n) AS props`,
  };
};
const relationshipTypesQuery: Query = {
  name: 'export.cypher.relationshipTypes',
  cypher: 'CALL db.relationshipTypes() YIELD relationshipType AS type',
};
const relationshipsQuery = (type: string): Query => ({
  name: 'export.cypher.relationships',
  cypher: `MATCH (a)-[r:${identifier(type)}]->(b) RETURN elementId(a) AS a, elementId(b) AS b, properties(r) AS props`,
});
const nodeCountQuery: Query = {
  name: 'export.cypher.nodeCount',
  cypher: 'MATCH (n) RETURN count(n) AS count',
};

/**
 * The audit events' properties as a reader without a token may read them (src/curation/audit-view.ts);
 * what it hides is left out.
 */
async function auditRedaction(db: Database) {
  const events: AuditFields[] = [];
  for await (const event of db.stream(auditQuery)) events.push(event);
  const redact = publicAudit(events);
  return (props: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(redact(props)).filter(([, value]) => value !== null));
}

/**
 * The script. `withRetracted` (a reader whose token may curate, or the operator's `npm run export`) keeps
 * the audit events whole; without it they carry no token names and nothing retracted or undone.
 */
export async function* cypherScript(
  db: Database,
  header: ExportHeader,
  withRetracted = false,
): AsyncGenerator<string> {
  yield `// policy-graph: release ${header.release ?? 'none (changed since the last release)'}, version ${header.version}, exported ${header.exportedAt}\n`;
  for (const source of header.sources) yield `// source ${source.id}, facts ${source.hash}\n`;
  const redact = withRetracted ? undefined : await auditRedaction(db);
  if (redact)
    yield '// audit events without token names, nor what was retracted or undone (a token exports them)\n';

  yield '// constraints and indexes\n';
  for await (const { statement } of raw(db, constraintsQuery)) yield `${statement};\n`;
  for await (const { statement } of raw(db, indexesQuery)) yield `${statement};\n`;
  yield `CREATE CONSTRAINT export_key IF NOT EXISTS FOR (n:${keyLabel}) REQUIRE n.${keyProp} IS UNIQUE;\n`;

  yield '// nodes\n';
  const labelSets: string[][] = [];
  for await (const { labels } of raw(db, labelSetsQuery)) labelSets.push(labels as string[]);
  for (const labels of labelSets) {
    const nodes = raw(db, nodesQuery(labels), { labels });
    const create = [keyLabel, ...labels.map(identifier)].join(':');
    const shown =
      redact && labels.includes('AuditEvent') ? redact : (props: Record<string, unknown>) => props;
    for await (const batch of batches(nodes)) {
      const list = batch
        .map(
          ({ key, props }) => `{k: ${literal(key)}, p: ${literal(shown(props as Record<string, unknown>))}}`,
        )
        .join(', ');
      yield `UNWIND [${list}] AS row CREATE (n:${create} {${keyProp}: row.k}) SET n += row.p;\n`;
    }
  }

  yield '// relationships\n';
  const types: string[] = [];
  for await (const { type } of raw(db, relationshipTypesQuery)) types.push(type as string);
  for (const type of types) {
    const relationships = raw(db, relationshipsQuery(type));
    for await (const batch of batches(relationships)) {
      const list = batch.map(
        ({ a, b, props }) => `{a: ${literal(a)}, b: ${literal(b)}, p: ${literal(props)}}`,
      );
      yield `UNWIND [${list.join(', ')}] AS row MATCH (a:${keyLabel} {${keyProp}: row.a}) MATCH (b:${keyLabel} {${keyProp}: row.b}) CREATE (a)-[r:${identifier(type)}]->(b) SET r = row.p;\n`;
    }
  }

  yield '// the temporary keys go\n';
  yield `MATCH (n:${keyLabel}) CALL (n) { REMOVE n:${keyLabel}, n.${keyProp} } IN TRANSACTIONS OF 10000 ROWS;\n`;
  yield 'DROP CONSTRAINT export_key;\n';
}

/** Statements of a script, one per line; comments and blank lines skipped. */
async function* statements(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  for await (const line of lines) {
    const statement = line.trim();
    if (statement && !statement.startsWith('//')) yield statement.replace(/;$/, '');
  }
}

/**
 * Runs a script written by `cypherScript` into an empty database, a statement at a time, each in
 * its own transaction. A database that already holds nodes is refused: the script recreates a
 * graph, it does not merge into one.
 */
export async function loadCypherScript(
  db: Database,
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<number> {
  const [held] = await db.read(nodeCountQuery);
  const count = Number(held?.count ?? 0);
  if (count > 0)
    throw userError(
      'BAD_USER_INPUT',
      `The database holds ${count} nodes; a graph script loads into an empty one`,
    );
  return db.writeEach('export.cypher.load', statements(lines));
}
