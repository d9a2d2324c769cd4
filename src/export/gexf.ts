import type { GraphExport } from '../stores/graph-records.ts';
import {
  citations,
  entityFields,
  type GraphColumn,
  graphColumns,
  isPresent,
  relationFields,
  text,
  withDoubles,
} from './fields.ts';
import { declaration, element, wrapper, type XmlElement } from './xml.ts';

/**
 * GEXF 1.3 (gexf.net), Gephi's own format. Nodes are labelled with the English name and edges
 * with their type; both carry the type, the ontology's properties and their citations as
 * attributes (`source`, `section`, `quote`: one line per claim, in the same order). The meta
 * description names the release and the sources. One node or edge per line. Only types networkx
 * reads as well as Gephi: a decimal is exact as a string, with `<name>Double` beside it.
 */
const gexfTypes: Record<GraphColumn['kind'], string> = {
  string: 'string',
  strings: 'string',
  date: 'string',
  decimal: 'string', // exact as written; not bigdecimal, which networkx cannot read
  double: 'double',
  integer: 'long',
  boolean: 'boolean',
};

const typeField: GraphColumn = { name: 'type', kind: 'string' };
const provenance: GraphColumn[] = ['source', 'section', 'quote', 'page'].map((name) => ({
  name,
  kind: 'string',
}));
const nodeColumns = [typeField, ...graphColumns(entityFields), ...provenance];
const edgeColumns = [typeField, ...graphColumns(relationFields), ...provenance];

const attributes = (owner: 'node' | 'edge', columns: GraphColumn[]): string =>
  element('attributes', {
    attributes: { class: owner },
    children: {
      attribute: columns.map(({ name, kind }) => ({
        attributes: { id: name, title: name, type: gexfTypes[kind] },
      })),
    },
  });

function attvalues(columns: GraphColumn[], values: Record<string, unknown>): Record<string, XmlElement[]> {
  const present = columns.filter(({ name }) => isPresent(values[name]));
  return {
    attvalues: [
      {
        children: {
          attvalue: present.map(({ name }) => ({ attributes: { for: name, value: text(values[name]) } })),
        },
      },
    ],
  };
}

export async function* gexf(graph: GraphExport): AsyncGenerator<string> {
  const { header } = graph;
  const root = wrapper('gexf', {
    xmlns: 'http://gexf.net/1.3',
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': 'http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd',
    version: '1.3',
  });
  const sources = header.sources.map((source) => `${source.id} (facts ${source.hash})`).join('; ');
  const description = `Release ${header.release ?? 'none (unreleased changes)'}; version ${header.version}; sources: ${sources}`;
  const meta = element('meta', {
    attributes: { lastmodifieddate: header.exportedAt.slice(0, 10) },
    children: { creator: [{ text: 'policy-graph' }], description: [{ text: description }] },
  });
  const body = wrapper('graph', { defaultedgetype: 'directed', mode: 'static' });
  yield `${declaration}${root.open}${meta}\n${body.open}`;
  yield `${attributes('node', nodeColumns)}\n${attributes('edge', edgeColumns)}\n`;

  const nodes = wrapper('nodes');
  yield nodes.open;
  for await (const { id, type, properties, claims } of graph.entities()) {
    const values = { type, ...withDoubles(entityFields, properties), ...citations(claims) };
    const label = text(properties.name ?? id);
    yield `${element('node', { attributes: { id, label }, children: attvalues(nodeColumns, values) })}\n`;
  }
  const edges = wrapper('edges');
  yield nodes.close + edges.open;
  for await (const { id, type, from, to, qualifiers, claims } of graph.relations()) {
    const values = { type, ...withDoubles(relationFields, qualifiers), ...citations(claims) };
    const edge = {
      attributes: { id, source: from, target: to, label: type },
      children: attvalues(edgeColumns, values),
    };
    yield `${element('edge', edge)}\n`;
  }
  yield edges.close + body.close + root.close;
}
