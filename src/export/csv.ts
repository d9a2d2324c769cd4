import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import { claimValues, type GraphExport, recordsOf } from '../stores/graph-records.ts';
import { entityFields, type Field, relationFields, text } from './fields.ts';

/**
 * Three tables, as spreadsheets and notebooks read them: `nodes.csv` (an entity per row, a column
 * per ontology property), `edges.csv` (a relation per row, a column per qualifier) and `claims.csv`
 * (each source's claim about each of them, with its citation). RFC 4180: a header row, CRLF
 * between rows, fields quoted when they must be; UTF-8 with a byte-order mark, so a spreadsheet
 * opened by double-click shows Thai as Thai.
 */
export interface CsvFile {
  name: string;
  /** A fresh stream of the file each call; it reads Neo4j only when it is read. */
  open(): Readable;
}

const names = (fields: Field[]) => fields.map((field) => field.name);
const nodeColumns = ['id', 'type', ...names(entityFields), 'sources'];
const edgeColumns = ['id', 'type', 'from', 'to', ...names(relationFields), 'sources'];
const claimColumns = ['fact', 'kind', 'source', 'section', 'quote', 'page', 'values', 'ranks'];

/** Cells of values: lists joined (claims.csv has every value as JSON, as written). */
function cells(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, text(value)]));
}

const sourcesOf = (claims: ReadonlyArray<{ source: string }>) => text(claims.map((claim) => claim.source));

function table(columns: string[], records: () => AsyncIterable<Record<string, unknown>>): () => Readable {
  return () =>
    // pipeline, not pipe: an error while reading Neo4j reaches whoever reads the table.
    pipeline(
      async function* () {
        yield* records();
      },
      stringify({ header: true, columns, bom: true, record_delimiter: 'windows' }),
      () => {},
    );
}

export function csvFiles(graph: GraphExport): CsvFile[] {
  const json = (value: unknown) => JSON.stringify(value);
  return [
    {
      name: 'nodes.csv',
      open: table(nodeColumns, async function* () {
        for await (const { id, type, properties, claims } of graph.entities())
          yield { ...cells(properties), id, type, sources: sourcesOf(claims) };
      }),
    },
    {
      name: 'edges.csv',
      open: table(edgeColumns, async function* () {
        for await (const { id, type, from, to, qualifiers, claims } of graph.relations())
          yield { ...cells(qualifiers), id, type, from, to, sources: sourcesOf(claims) };
      }),
    },
    {
      name: 'claims.csv',
      open: table(claimColumns, async function* () {
        for await (const { id, kind, claims } of recordsOf(graph))
          for (const claim of claims) {
            const { source, section, quote, page, ranks } = claim;
            yield {
              fact: id,
              kind,
              source,
              section,
              quote,
              page: page ?? '',
              values: json(claimValues(claim)),
              ranks: json(ranks),
            };
          }
      }),
    },
  ];
}
