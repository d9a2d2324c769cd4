import { type GraphExport, recordsOf } from '../stores/graph-records.ts';
import {
  citations,
  entityFields,
  type Field,
  type GraphColumn,
  graphColumns,
  isPresent,
  relationFields,
  text,
  withDoubles,
} from './fields.ts';
import { declaration, element, wrapper, type XmlElement } from './xml.ts';

/**
 * GraphML (graphml.graphdrawing.org), as Gephi, yEd, Cytoscape and NetworkX read it. Every node
 * and edge carries its type, the ontology's properties, and its citations: `source`, `section`
 * and `quote` each hold one line per claim, in the same order. Nodes have `label` (the English
 * name) and both names; an edge's `relation` is the relation's id. The graph's own data names the
 * release and the sources. One node or edge per line. A decimal is exact as a string, with
 * `<name>Double` beside it for tools that compute.
 */
const graphmlTypes: Record<GraphColumn['kind'], string> = {
  string: 'string',
  strings: 'string',
  date: 'string',
  decimal: 'string', // exact as written: a double would round money
  double: 'double',
  integer: 'long',
  boolean: 'boolean',
};

const provenance = ['source', 'section', 'quote', 'page'];

const key = (owner: string, id: string, name: string, type = 'string'): XmlElement => ({
  attributes: { id, for: owner, 'attr.name': name, 'attr.type': type },
});

function keys(owner: 'node' | 'edge', extra: string[], fields: Field[]): XmlElement[] {
  const prefix = owner[0];
  return [
    ...[...extra, 'type'].map((name) => key(owner, `${prefix}_${name}`, name)),
    ...graphColumns(fields).map(({ name, kind }) =>
      key(owner, `${prefix}_${name}`, name, graphmlTypes[kind]),
    ),
    ...provenance.map((name) => key(owner, `${prefix}_${name}`, name)),
  ];
}

/** The data elements of the values named, keyed `<prefix>_<name>`; empty ones are left out. */
const data = (prefix: string, names: string[], values: Record<string, unknown>): XmlElement[] =>
  names
    .filter((name) => isPresent(values[name]))
    .map((name) => ({ attributes: { key: `${prefix}_${name}` }, text: text(values[name]) }));

export async function* graphml(graph: GraphExport): AsyncGenerator<string> {
  const { header } = graph;
  const root = wrapper('graphml', {
    xmlns: 'http://graphml.graphdrawing.org/xmlns',
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation':
      'http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd',
  });
  const graphKeys = ['release', 'version', 'exportedAt', 'sources'].map((name) =>
    key('graph', `g_${name}`, name),
  );
  yield declaration + root.open;
  for (const one of [
    ...graphKeys,
    ...keys('node', ['label'], entityFields),
    ...keys('edge', ['label', 'relation'], relationFields),
  ])
    yield `${element('key', one)}\n`;
  const body = wrapper('graph', { id: 'policy-graph', edgedefault: 'directed' });
  yield body.open;
  const sources = header.sources.map((source) => `${source.id} ${source.hash}`);
  const about = { release: header.release, version: header.version, exportedAt: header.exportedAt, sources };
  for (const datum of data('g', Object.keys(about), about)) yield `${element('data', datum)}\n`;

  const names = (fields: Field[]) => graphColumns(fields).map(({ name }) => name);
  const nodeNames = ['label', 'type', ...names(entityFields), ...provenance];
  const edgeNames = ['label', 'relation', 'type', ...names(relationFields), ...provenance];
  for await (const record of recordsOf(graph)) {
    const cited = citations(record.claims);
    if (record.kind === 'entity') {
      const values = {
        ...withDoubles(entityFields, record.properties),
        ...cited,
        label: record.properties.name ?? record.id,
        type: record.type,
      };
      const node = { attributes: { id: record.id }, children: { data: data('n', nodeNames, values) } };
      yield `${element('node', node)}\n`;
    } else {
      // A relation id has spaces and '=' (role=Minister), which GraphML's NMTOKEN ids cannot.
      const values = {
        ...withDoubles(relationFields, record.qualifiers),
        ...cited,
        label: record.type,
        relation: record.id,
        type: record.type,
      };
      const edge = {
        attributes: { source: record.from, target: record.to },
        children: { data: data('e', edgeNames, values) },
      };
      yield `${element('edge', edge)}\n`;
    }
  }
  yield body.close + root.close;
}
