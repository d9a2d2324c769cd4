import { type GraphExport, recordsOf } from '../stores/graph-records.ts';

/** JSON Lines: the header, then one line per entity and one per relation. */
export async function* jsonl(graph: GraphExport): AsyncGenerator<string> {
  yield `${JSON.stringify(graph.header)}\n`;
  for await (const record of recordsOf(graph)) yield `${JSON.stringify(record)}\n`;
}
