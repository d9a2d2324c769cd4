import { builder } from '../../builder.ts';
import {
  type CitationFormat,
  type CitedClaim,
  type CitedSource,
  citationFormats,
  formatCitation,
} from '../../citations.ts';
import type { Context } from '../../context.ts';
import type { EdgeRecord, EntityRecord, SourceCitation } from '../../stores/records.ts';
import { EntityRef } from '../refs.ts';
import { PathRef } from './path.ts';
import { EdgeRef, provenanceOf, RelationRef } from './relation.ts';

export const CitationFormatEnum = builder.enumType('CitationFormat', {
  description:
    'How a citation is written: Markdown with footnotes, plain text, or CSL-JSON for reference managers.',
  values: citationFormats,
});

/** A source as a citation names it. */
function citedSource(id: string, source: EntityRecord | null | Error): CitedSource {
  const props = source && !(source instanceof Error) ? source.props : {};
  const text = (key: string) =>
    typeof props[key] === 'string' && props[key] ? (props[key] as string) : null;
  return {
    id,
    title: text('name') ?? id,
    titleTh: text('nameTh'),
    date: text('date'),
    issuer: text('issuer'),
    url: text('url'),
    language: text('language'),
  };
}

/** Claims with their evidence, the sources loaded in one batch. */
async function cite(
  ctx: Context,
  claims: Array<{ claim: string; provenance: SourceCitation[] }>,
  format: CitationFormat,
): Promise<string> {
  const ids = [...new Set(claims.flatMap((claim) => claim.provenance.map((p) => p.source)))];
  const sources = await ctx.entities.byId.loadMany(ids);
  const byId = new Map(ids.map((id, index) => [id, citedSource(id, sources[index] ?? null)]));
  const cited: CitedClaim[] = claims.map(({ claim, provenance }) => ({
    claim,
    evidence: provenance.map((p) => ({
      source: byId.get(p.source) as CitedSource,
      section: p.section,
      quote: p.quote,
    })),
  }));
  return formatCitation(cited, format);
}

const nameOf = (entity: EntityRecord | null | Error | undefined, id: string) =>
  entity && !(entity instanceof Error) ? String(entity.props.name ?? id) : id;

/** "Thailand —ATTENDED→ 4th ASEAN Digital Ministers' Meeting", names loaded where not at hand. */
async function edgeClaim(ctx: Context, edge: EdgeRecord, known: Map<string, EntityRecord> = new Map()) {
  const [from, to] = await Promise.all(
    [edge.from, edge.to].map((id) => known.get(id) ?? ctx.entities.byId.load(id)),
  );
  return `${nameOf(from, edge.from)} —${edge.type}→ ${nameOf(to, edge.to)}`;
}

const description = (what: string) =>
  `${what} as a citation for a report: each source's title, date and section and the verbatim quote in its language.`;

builder.objectFields(RelationRef, (t) => ({
  citation: t.string({
    description: description('This relation'),
    args: { format: t.arg({ type: CitationFormatEnum, required: true, defaultValue: 'MARKDOWN' }) },
    resolve: async (relation, args, ctx) =>
      cite(
        ctx,
        [{ claim: await edgeClaim(ctx, relation), provenance: provenanceOf(relation.props) }],
        args.format,
      ),
  }),
}));

builder.objectFields(EdgeRef, (t) => ({
  citation: t.string({
    description: description('This relationship'),
    args: { format: t.arg({ type: CitationFormatEnum, required: true, defaultValue: 'MARKDOWN' }) },
    resolve: async (edge, args, ctx) =>
      cite(ctx, [{ claim: await edgeClaim(ctx, edge), provenance: provenanceOf(edge.props) }], args.format),
  }),
}));

builder.objectFields(PathRef, (t) => ({
  citation: t.string({
    description: description('This path, one footnote (or item) per hop,'),
    args: { format: t.arg({ type: CitationFormatEnum, required: true, defaultValue: 'MARKDOWN' }) },
    resolve: async (path, args, ctx) => {
      const known = new Map(path.nodes.map((node) => [node.id, node]));
      const claims = await Promise.all(
        path.edges.map(async (edge) => ({
          claim: await edgeClaim(ctx, edge, known),
          provenance: provenanceOf(edge.props),
        })),
      );
      return cite(ctx, claims, args.format);
    },
  }),
}));

builder.interfaceFields(EntityRef, (t) => ({
  citation: t.string({
    description: description('Where this entity is named'),
    args: { format: t.arg({ type: CitationFormatEnum, required: true, defaultValue: 'MARKDOWN' }) },
    resolve: async (entity, args, ctx) => {
      const [{ citations: provenance }, full] = await Promise.all([
        ctx.entities.evidenceOf(entity),
        entity.props.name === undefined ? ctx.entities.byId.load(entity.id) : entity,
      ]);
      const name = nameOf(full, entity.id);
      return cite(ctx, [{ claim: `${name} (${entity.type})`, provenance }], args.format);
    },
  }),
}));
