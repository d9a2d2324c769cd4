import type { Locate } from '../facts/offsets.ts';
import type { EntityFact, RelationFact, SourceFacts } from '../facts/source-facts.ts';
import { type ClaimSet, type Rank, resolveClaims } from '../model/claims.ts';
import { hashOf, relationProps, sortKeyOf, toNeo4jValue } from '../model/stored.ts';
import type { Glossary } from '../search/glossary.ts';
import { relationDates } from './kept-dates.ts';

/**
 * Claims, as stored (docs/design/claims.md):
 * - What a source says of an entity is on its CITED_IN edge to the Source: section, quote, and
 *   `claims`, the values as JSON. A source that names an entity only in a relation has a
 *   `mention` edge, cited with that relation's quote.
 * - The entity node holds the values shown, computed from every edge's claims when one changes,
 *   so reads cost what they did with one source.
 * - A relationship is one per fact, whichever sources state it: `sources` lists them and `claims`
 *   (in the same order) holds each one's citation and qualifiers as JSON.
 */

/** Part of every source's hash: raise it when the way facts are stored changes, so all reload. */
const FORMAT = 7;

/** A source's claim on an entity, as its CITED_IN edge stores it. */
interface StoredEntityClaim {
  props: Record<string, unknown>;
  ranks?: Record<string, Rank>;
  asOf?: string;
}

/** A source's claim on a relationship, one item of its `claims` list. */
export interface StoredRelationClaim {
  section: string;
  quote: string;
  /** Where the quote is in the source's text (src/facts/offsets.ts), when it was found. */
  start?: number;
  end?: number;
  qualifiers: Record<string, unknown>;
  ranks?: Record<string, Rank>;
  asOf?: string;
  hash: string;
}

/**
 * The hash the Source node keeps of its facts: it changes whenever they do, or the glossary their
 * search keys are built with does (analytics caches key on it).
 */
export function sourceHashOf(facts: SourceFacts, glossary: Glossary): string {
  return hashOf({ format: FORMAT, search: glossary.hash, ...facts, text: hashOf(facts.text) });
}

export function sourceNodeProps(facts: SourceFacts, hash: string) {
  const { meta } = facts;
  return {
    id: meta.id,
    name: meta.titleEn,
    nameTh: meta.titleTh || null,
    aliases: [],
    date: toNeo4jValue('date', meta.date),
    // A source is known from its own date (src/loader/kept-dates.ts).
    firstKnown: meta.date,
    lastKnown: meta.date,
    issuer: meta.issuer || null,
    language: meta.language,
    file: `data/sources/${meta.id}.txt`,
    searchTh: meta.titleTh || null,
    searchEn: meta.titleEn,
    searchType: 'source',
    nameKey: sortKeyOf(meta.titleEn),
    hash,
    ...(meta.url ? { url: meta.url } : {}),
    ...(meta.pages ? { pages: meta.pages } : {}),
    ...(meta.original
      ? { original: `data/sources/${meta.original.stored}`, originalFormat: meta.original.format }
      : {}),
  };
}

/** A source's claim set on one entity, as the resolution rules read it. */
export function claimSetOf(source: string, sourceDate: string, entity: EntityFact): ClaimSet {
  return {
    source,
    sourceDate,
    ...(entity.asOf ? { asOf: entity.asOf } : {}),
    section: entity.cite.section,
    quote: entity.cite.quote,
    props: entity.props,
    ranks: entity.ranks ?? {},
  };
}

export function relationClaimOf(relation: RelationFact, hash: string, locate: Locate): StoredRelationClaim {
  return {
    section: relation.cite.section,
    quote: relation.cite.quote,
    ...(locate(relation.cite.quote) ?? {}),
    qualifiers: relation.qualifiers,
    ...(relation.ranks && Object.keys(relation.ranks).length ? { ranks: relation.ranks } : {}),
    ...(relation.asOf ? { asOf: relation.asOf } : {}),
    hash,
  };
}

/** A relationship's claims keyed by source, as stored on it. */
export function claimsBySource(sources: unknown, claims: unknown): Map<string, StoredRelationClaim> {
  const list = (sources as string[]) ?? [];
  return new Map(list.map((source, index) => [source, JSON.parse((claims as string[])[index] as string)]));
}

/** What a source says of an entity, as its CITED_IN edge stores it. */
export function claimsJsonOf(entity: EntityFact): string {
  const claims: StoredEntityClaim = {
    props: entity.props,
    ...(entity.ranks && Object.keys(entity.ranks).length ? { ranks: entity.ranks } : {}),
    ...(entity.asOf ? { asOf: entity.asOf } : {}),
  };
  return JSON.stringify(claims);
}

export function citeRow(entity: EntityFact, hash: string, at: { start: number; end: number } | null) {
  return {
    id: entity.id,
    section: entity.cite.section,
    quote: entity.cite.quote,
    start: at?.start ?? null,
    end: at?.end ?? null,
    hash,
    claims: claimsJsonOf(entity),
    mention: null,
  };
}

/** The properties of a relationship from its claims, in source order, with the values shown. */
export function relationPropsOf(
  id: string,
  claims: Map<string, StoredRelationClaim>,
  dates: Map<string, string>,
) {
  const sources = [...claims.keys()].sort();
  const sets: ClaimSet[] = sources.map((source) => {
    const claim = claims.get(source) as StoredRelationClaim;
    return {
      source,
      sourceDate: dates.get(source) ?? '',
      ...(claim.asOf ? { asOf: claim.asOf } : {}),
      section: claim.section,
      quote: claim.quote,
      props: claim.qualifiers,
      ranks: claim.ranks ?? {},
    };
  });
  const stored = sources.map((source) => JSON.stringify(claims.get(source)));
  return { ...relationProps(id, resolveClaims(sets), sources, stored), ...relationDates(sources, dates) };
}
