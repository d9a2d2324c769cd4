import type { PropKind } from '../kb/ontology.ts';
import { citations, entityFields, type Field, relationFields, text } from './fields.ts';
import { type GraphExport, recordsOf } from './records.ts';
import { xmlWriter } from './xml.ts';

/**
 * GraphML (graphml.graphdrawing.org), as Gephi, yEd, Cytoscape and NetworkX read it. Every node
 * and edge carries its type, the ontology's properties, and its citations: `source`, `section`
 * and `quote` each hold one line per claim, in the same order. Nodes have `label` (the English
 * name) and both names; an edge's `relation` is the relation's id. The graph's own data names the
 * release and the sources.
 */
const graphmlTypes: Record<PropKind, string> = {
  string: 'string',
  strings: 'string',
  date: 'string',
  decimal: 'string', // exact as written: a double would round money
  integer: 'long',
  boolean: 'boolean',
};

const provenance = ['source', 'section', 'quote'];

export async function* graphml(graph: GraphExport): AsyncGenerator<string> {
  const { xml, take } = xmlWriter();
  xml.ele('graphml', {
    xmlns: 'http://graphml.graphdrawing.org/xmlns',
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation':
      'http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd',
  });
  const key = (owner: string, id: string, name: string, type = 'string') =>
    xml.ele('key', { id, for: owner, 'attr.name': name, 'attr.type': type }).up();
  for (const name of ['release', 'version', 'exportedAt', 'sources']) key('graph', `g_${name}`, name);
  const keys = (owner: 'node' | 'edge', fields: Field[]) => {
    const prefix = owner[0];
    key(owner, `${prefix}_type`, 'type');
    for (const { name, kind } of fields) key(owner, `${prefix}_${name}`, name, graphmlTypes[kind]);
    for (const name of provenance) key(owner, `${prefix}_${name}`, name);
  };
  key('node', 'n_label', 'label');
  keys('node', entityFields);
  key('edge', 'e_label', 'label');
  key('edge', 'e_relation', 'relation');
  keys('edge', relationFields);

  const { header } = graph;
  xml.ele('graph', { id: 'policy-graph', edgedefault: 'directed' });
  const data = (key: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') xml.ele('data', { key }).txt(text(value)).up();
  };
  data('g_release', header.release);
  data('g_version', header.version);
  data('g_exportedAt', header.exportedAt);
  data(
    'g_sources',
    header.sources.map((source) => `${source.id} ${source.hash}`),
  );
  yield take();

  for await (const record of recordsOf(graph)) {
    const prefix = record.kind === 'entity' ? 'n' : 'e';
    const values = record.kind === 'entity' ? record.properties : record.qualifiers;
    if (record.kind === 'entity') {
      xml.ele('node', { id: record.id });
      data('n_label', record.properties.name ?? record.id);
    } else {
      // A relation id has spaces and '=' (role=Minister), which GraphML's NMTOKEN ids cannot.
      xml.ele('edge', { source: record.from, target: record.to });
      data('e_label', record.type);
      data('e_relation', record.id);
    }
    data(`${prefix}_type`, record.type);
    for (const { name } of record.kind === 'entity' ? entityFields : relationFields)
      data(`${prefix}_${name}`, values[name]);
    for (const [name, value] of Object.entries(citations(record.claims))) data(`${prefix}_${name}`, value);
    xml.up();
    yield take();
  }
  xml.up().up().end();
  yield take();
}
