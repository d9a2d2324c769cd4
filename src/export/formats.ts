import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { csvFiles } from './csv.ts';
import { gexf } from './gexf.ts';
import { graphml } from './graphml.ts';
import { jsonl } from './jsonl.ts';
import type { GraphExport } from './records.ts';

/** One file of an export; it reads Neo4j only when it is opened and read. */
export interface ExportFile {
  name: string;
  open(): Readable;
}

export interface ExportFormat {
  /** The type of its file; a format of several files travels as a zip. */
  contentType: string;
  files(graph: GraphExport): ExportFile[];
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
};

export const formatNames = Object.keys(exportFormats);

/**
 * The files as one zip, streamed: each file is opened when the zip reaches it, so one export
 * holds one Neo4j session at a time. An error reading a file ends the zip with it.
 */
export function zipOf(files: ExportFile[]): Readable {
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  zip.on('error', (error: Error) => output.destroy(error));
  for (const file of files)
    zip.addReadStreamLazy(file.name, (done) => {
      const stream = file.open();
      stream.on('error', (error) => output.destroy(error));
      done(null, stream);
    });
  zip.end();
  return output;
}
