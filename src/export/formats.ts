import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { Database } from '../db/database.ts';
import { notFound, userError } from '../errors.ts';
import { type ExportOptions, type GraphExport, openGraphRecords } from '../stores/graph-records.ts';
import { csvFiles } from './csv.ts';
import { cypherScript } from './cypher.ts';
import { gexf } from './gexf.ts';
import { graphml } from './graphml.ts';
import { jsonl } from './jsonl.ts';

/** One file of an export; it reads Neo4j only when it is opened and read. */
export interface ExportFile {
  name: string;
  open(): Readable;
}

export interface ExportFormat {
  /** The type of its file; a format of several files travels as a zip. */
  contentType: string;
  /** A format that copies the database whole takes no filters. */
  whole?: boolean;
  /** `withRetracted`: the reader may curate (`mayReadRetracted`), so may read what was retracted or undone. */
  files(graph: GraphExport, db: Database, withRetracted: boolean): ExportFile[];
}

const single =
  (extension: string, write: (graph: GraphExport) => AsyncIterable<string>) =>
  (graph: GraphExport): ExportFile[] => [
    { name: `policy-graph.${extension}`, open: () => Readable.from(write(graph)) },
  ];

/** The header as its own file, for the formats with no place for it. */
const headerFile = (graph: GraphExport): ExportFile => ({
  name: 'export.json',
  open: () => Readable.from([`${JSON.stringify(graph.header, null, 2)}\n`]),
});

export const exportFormats: Record<string, ExportFormat> = {
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', files: single('jsonl', jsonl) },
  csv: { contentType: 'text/csv; charset=utf-8', files: (graph) => [headerFile(graph), ...csvFiles(graph)] },
  graphml: { contentType: 'application/graphml+xml; charset=utf-8', files: single('graphml', graphml) },
  gexf: { contentType: 'application/gexf+xml; charset=utf-8', files: single('gexf', gexf) },
  cypher: {
    contentType: 'text/plain; charset=utf-8',
    whole: true,
    // The only format with the audit events (the others hold what the sources state now).
    files: (graph, db, withRetracted) => [
      {
        name: 'policy-graph.cypher',
        open: () => Readable.from(cypherScript(db, graph.header, withRetracted)),
      },
    ],
  },
};

export const formatNames = Object.keys(exportFormats);

/**
 * The files of an export in a format, ready to read. An unknown format, a bad filter or an
 * unknown source throws here, before any byte, so a caller can still answer with an error.
 * What was retracted or undone is left out unless `withRetracted` (a reader whose token may curate).
 */
export async function openFiles(
  db: Database,
  name: string,
  options: ExportOptions = {},
  withRetracted = false,
): Promise<ExportFile[]> {
  const format = Object.hasOwn(exportFormats, name) ? exportFormats[name] : undefined;
  if (!format) throw notFound(`No export format ${name.slice(0, 40)}; there is ${formatNames.join(', ')}`);
  if (format.whole && (options.types?.some(Boolean) || options.source))
    throw userError('BAD_USER_INPUT', `${name} recreates the whole graph: types and source do not apply`);
  return format.files(await openGraphRecords(db, options), db, withRetracted);
}

/**
 * The files as one zip, streamed: each file is opened when the zip reaches it, so one export
 * holds one Neo4j session at a time. An error reading a file ends the zip with it, and a zip
 * destroyed (its reader gone or cut) ends the file being read, which closes its session.
 */
export function zipOf(files: ExportFile[]): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  zip.on('error', (error: Error) => output.destroy(error));
  for (const file of files)
    zip.addReadStreamLazy(file.name, (done) => {
      const stream = file.open();
      stream.on('error', (error) => output.destroy(error));
      output.once('close', () => stream.destroy());
      done(null, stream);
    });
  zip.end();
  return output;
}
