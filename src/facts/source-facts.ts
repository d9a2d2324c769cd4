import type { Rank } from '../model/claims.ts';
import type { EntityType, RelationType } from '../model/ontology.ts';

/** The facts of one source, as read from its files and checked (src/facts/validate.ts). */

/** A citation: where in the source, and the words that say it. */
export interface Citation {
  section: string;
  quote: string;
}

export interface EntityFact {
  id: string;
  type: EntityType;
  props: Record<string, unknown>;
  /** Ranks a curator gave, per property (`rank: preferred` on a fact covers all its properties). */
  ranks?: Record<string, Rank>;
  /** The date the fact's statement describes, when not the source's (docs/design/claims.md). */
  asOf?: string;
  cite: Citation;
}

export interface RelationFact {
  /** Type, ends and identifying qualifiers: the same fact from two sources has the same id. */
  id: string;
  type: RelationType;
  from: string;
  to: string;
  /** Tells apart two relations of one file that would otherwise share an id. */
  key?: string;
  qualifiers: Record<string, unknown>;
  /** Per qualifier, and under the relation's type for the relation itself (single-valued ones). */
  ranks?: Record<string, Rank>;
  asOf?: string;
  cite: Citation;
}

/** `sameAs` in a facts file: `id` is the same entity as `target`, and resolves to it. */
export interface SameAs {
  id: string;
  target: string;
}

/** An entity a file names in a relation without declaring it: another file declares it. */
export interface Reference {
  id: string;
  type: EntityType;
}

export interface SourceMeta {
  id: string;
  titleEn: string;
  titleTh: string;
  date: string;
  issuer: string;
  language: string;
  url?: string;
  /** Where each page starts in the text (UTF-16 offsets), for an imported document with pages. */
  pages?: number[];
  /** The original an import kept beside the text: its file name under sources/, and its format. */
  original?: { stored: string; format: string };
}

export interface SourceFacts {
  meta: SourceMeta;
  text: string;
  entities: EntityFact[];
  relations: RelationFact[];
  sameAs?: SameAs[];
  /** Filled in by the check across files (checkSources). */
  references?: Reference[];
}

export interface Problem {
  file: string;
  /** e.g. `entity thailand` or `relation #4 (PROPOSED thailand -> wg-as)`. */
  at: string;
  reason: string;
}

export class FactsInvalidError extends Error {
  override name = 'FactsInvalidError';
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem(s) in the facts:\n${problems.map(formatProblem).join('\n')}`);
  }
}

export function formatProblem(problem: Problem): string {
  return `${problem.file}: ${problem.at}: ${problem.reason}`;
}
