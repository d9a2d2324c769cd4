import type { PropKind } from '../kb/ontology.ts';
import { citations, entityFields, type Field, relationFields, text } from './fields.ts';
import type { GraphExport } from './records.ts';
import { xmlWriter } from './xml.ts';

/**
 * GEXF 1.3 (gexf.net), Gephi's own format. Nodes are labelled with the English name and edges
 * with their type; both carry the type, the ontology's properties and their citations as
 * attributes (`source`, `section`, `quote`: one line per claim, in the same order). The meta
 * description names the release and the sources.
 */
const gexfTypes: Record<PropKind, string> = {
  string: 'string',
  strings: 'string',
  date: 'string',
  decimal: 'bigdecimal', // exact: Gephi reads it as BigDecimal
  integer: 'long',
  boolean: 'boolean',
};

const provenance: Field[] = ['source', 'section', 'quote'].map((name) => ({ name, kind: 'string' }));

export async function* gexf(graph: GraphExport): AsyncGenerator<string> {
  const { xml, take } = xmlWriter();
  const { header } = graph;
  xml.ele('gexf', {
    xmlns: 'http://gexf.net/1.3',
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': 'http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd',
    version: '1.3',
  });
  const sources = header.sources.map((source) => `${source.id} (facts ${source.hash})`).join('; ');
  xml
    .ele('meta', { lastmodifieddate: header.exportedAt.slice(0, 10) })
    .ele('creator')
    .txt('policy-graph')
    .up()
    .ele('description')
    .txt(
      `Release ${header.release ?? 'none (unreleased changes)'}; version ${header.version}; sources: ${sources}`,
    )
    .up()
    .up();
  xml.ele('graph', { defaultedgetype: 'directed', mode: 'static' });
  const attributes = (owner: 'node' | 'edge', fields: Field[]) => {
    xml.ele('attributes', { class: owner });
    for (const { name, kind } of [{ name: 'type', kind: 'string' as const }, ...fields, ...provenance])
      xml.ele('attribute', { id: name, title: name, type: gexfTypes[kind] }).up();
    xml.up();
  };
  attributes('node', entityFields);
  attributes('edge', relationFields);

  const attvalues = (
    type: string,
    fields: Field[],
    values: Record<string, unknown>,
    claims: Parameters<typeof citations>[0],
  ) => {
    xml.ele('attvalues');
    const all = { type, ...values, ...citations(claims) };
    for (const { name } of [{ name: 'type' }, ...fields, ...provenance]) {
      const value = all[name as keyof typeof all];
      if (value !== undefined && value !== null && value !== '')
        xml.ele('attvalue', { for: name, value: text(value) }).up();
    }
    xml.up();
  };
  xml.ele('nodes');
  yield take();
  for await (const { id, type, properties, claims } of graph.entities()) {
    xml.ele('node', { id, label: text(properties.name ?? id) });
    attvalues(type, entityFields, properties, claims);
    xml.up();
    yield take();
  }
  xml.up().ele('edges');
  for await (const { id, type, from, to, qualifiers, claims } of graph.relations()) {
    xml.ele('edge', { id, source: from, target: to, label: type });
    attvalues(type, relationFields, qualifiers, claims);
    xml.up();
    yield take();
  }
  xml.up().up().up().end();
  yield take();
}
