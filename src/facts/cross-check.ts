import { relative } from 'node:path';
import type { EntityType } from '../model/ontology.ts';
import type { Problem, SourceFacts } from './source-facts.ts';
import { factsFileOf } from './source-files.ts';
import { relationIdOf } from './values.ts';

/** One source's files as read and checked on their own. */
export interface SourceCheck {
  id: string;
  file: string;
  facts: SourceFacts;
  problems: Problem[];
}

interface Declaration {
  source: string;
  file: string;
  type: EntityType;
  named: boolean;
}

/**
 * Checks sources against each other, after each has passed on its own, and resolves `sameAs`:
 * ids are shared by every file, so an entity may be declared in one file and named in another,
 * or re-declared to add claims. Refused, naming the files: a source id that is an entity's, one
 * id with two types, an id no file declares (with the closest ids), a `sameAs` cycle, two
 * `preferred` claims for one property, an entity no file gives a name. A source with a problem is
 * not loaded, so what it declares does not count for the others: the checks repeat until no new
 * problem turns up.
 * `background` are the other sources, as they were checked before (those with problems do not
 * count): they are read, never changed, so that a write checks only the sources it touches.
 * Mutates each good source of `results`: ids rewritten through `sameAs`, `references` filled in.
 */
export function checkAcrossSources(
  results: SourceCheck[],
  dir: string,
  background: SourceCheck[] = [],
): void {
  checkSourceIds(results, background, dir);
  const context = background.filter((other) => !other.problems.length);
  const originals = new Map(results.map((result) => [result.id, structuredClone(result.facts)]));
  for (;;) {
    const good = results.filter((result) => !result.problems.length);
    for (const result of good) result.facts = structuredClone(originals.get(result.id) as SourceFacts);
    const before = good.length;
    checkRound(good, context, dir);
    if (results.filter((result) => !result.problems.length).length === before) return;
  }
}

/** A source id may not be the id of an entity in any file, or loading it would overwrite that entity. */
function checkSourceIds(results: SourceCheck[], background: SourceCheck[], dir: string) {
  const ids = new Set(results.map((result) => result.id));
  const declaredIn = new Map<string, string>();
  for (const { id, facts } of [...results, ...background].sort((a, b) => a.id.localeCompare(b.id))) {
    for (const entity of facts.entities)
      if (ids.has(entity.id) && !declaredIn.has(entity.id)) declaredIn.set(entity.id, id);
  }
  for (const result of results) {
    const owner = declaredIn.get(result.id);
    if (owner === undefined) continue;
    // The source is the one to rename: entity ids are shared by every file that cites them.
    result.problems.push({
      file: result.file,
      at: 'source',
      reason: `"${result.id}" is also the id of an entity (in ${relative(dir, factsFileOf(owner, dir))}); a source may not share an id with an entity: rename this source's files`,
    });
  }
}

function checkRound(good: SourceCheck[], context: SourceCheck[], dir: string) {
  const name = (result: { file: string }) => relative(dir, result.file);
  const everyone = [...good, ...context];
  const redirects = resolveSameAs(everyone, good, name);
  const canonical = (id: string) => redirects.get(id) ?? id;

  const declarations = new Map<string, Declaration[]>();
  for (const result of everyone) {
    for (const entity of result.facts.entities) {
      const id = canonical(entity.id);
      const list = declarations.get(id) ?? [];
      list.push({ source: result.id, file: result.file, type: entity.type, named: 'name' in entity.props });
      declarations.set(id, list);
    }
  }
  for (const [id, list] of declarations) {
    const [first] = list;
    const other = list.find((declaration) => declaration.type !== first?.type);
    if (first && other) {
      for (const declaration of [first, other]) {
        problemOf(good, declaration.source, `entity ${id}`, {
          reason: `has type ${first.type} in ${name(first)} but ${other.type} in ${name(other)}: one id, one type`,
        });
      }
    }
    if (!list.some((declaration) => declaration.named)) {
      for (const declaration of list)
        problemOf(good, declaration.source, `entity ${id}`, {
          reason: 'needs an English name: no file that declares it gives one',
        });
    }
  }
  for (const [id, target] of redirects) {
    const types = new Set([...(declarations.get(target) ?? [])].map((d) => d.type));
    const from = everyone.find((result) => (result.facts.sameAs ?? []).some((same) => same.id === id));
    if (!declarations.has(target) && from)
      problemOf(good, from.id, `sameAs ${id}`, { reason: unknownId(target, declarations) });
    if (types.size > 1 && from)
      problemOf(good, from.id, `sameAs ${id}`, {
        reason: `merges entities of types ${[...types].join(', ')}`,
      });
  }

  for (const result of good) {
    const facts = result.facts;
    const declared = new Set<string>();
    for (const entity of facts.entities) {
      const id = canonical(entity.id);
      if (declared.has(id))
        problemOf(good, result.id, `entity ${entity.id}`, {
          reason: `is the same entity as another in this file (sameAs ${id}): declare it once`,
        });
      declared.add(id);
      entity.id = id;
    }
    const references = new Map<string, EntityType>();
    const relationIds = new Set<string>();
    for (const relation of facts.relations) {
      relation.from = canonical(relation.from);
      relation.to = canonical(relation.to);
      relation.id = relationIdOf(relation);
      if (relationIds.has(relation.id))
        problemOf(good, result.id, `relation ${relation.id}`, {
          reason: 'is stated twice once sameAs merges its ends: keep one',
        });
      relationIds.add(relation.id);
      for (const end of [relation.from, relation.to]) {
        if (declared.has(end)) continue;
        const type = declarations.get(end)?.[0]?.type;
        if (type) references.set(end, type);
        else problemOf(good, result.id, `relation ${relation.id}`, { reason: unknownId(end, declarations) });
      }
    }
    facts.references = [...references].map(([id, type]) => ({ id, type }));
    for (const same of facts.sameAs ?? []) same.target = canonical(same.id);
  }
  checkPreferred(everyone, good, canonical, name);
}

/**
 * Follows the `sameAs` chains of `everyone` to their end; a cycle is a problem for every file of
 * `good` that takes part.
 */
function resolveSameAs(
  everyone: SourceCheck[],
  good: SourceCheck[],
  name: (result: SourceCheck) => string,
): Map<string, string> {
  const next = new Map<string, { target: string; result: SourceCheck }>();
  for (const result of everyone) {
    for (const same of result.facts.sameAs ?? []) {
      const earlier = next.get(same.id);
      if (earlier && earlier.target !== same.target) {
        problemOf(good, result.id, `sameAs ${same.id}`, {
          reason: `says it is ${same.target}, but ${name(earlier.result)} says ${earlier.target}`,
        });
      }
      next.set(same.id, { target: same.target, result });
    }
  }
  const resolved = new Map<string, string>();
  for (const start of next.keys()) {
    const seen = [start];
    let at = start;
    while (next.has(at)) {
      at = (next.get(at) as { target: string }).target;
      if (seen.includes(at)) {
        const files = new Set(seen.map((id) => (next.get(id) as { result: SourceCheck }).result));
        for (const result of files)
          problemOf(good, result.id, `sameAs ${start}`, {
            reason: `is a cycle: ${[...seen, at].join(' → ')}`,
          });
        break;
      }
      seen.push(at);
    }
    resolved.set(start, at);
  }
  return resolved;
}

/**
 * Two sources may not both rank their claim on one property `preferred`: which would show? Ids
 * are resolved here, as the sources of `everyone` outside `good` are not rewritten.
 */
function checkPreferred(
  everyone: SourceCheck[],
  good: SourceCheck[],
  canonical: (id: string) => string,
  name: (result: SourceCheck) => string,
) {
  const preferred = new Map<string, SourceCheck>();
  const note = (key: string, at: string, result: SourceCheck) => {
    const earlier = preferred.get(key);
    if (!earlier) {
      preferred.set(key, result);
      return;
    }
    for (const [one, other] of [
      [result, earlier],
      [earlier, result],
    ] as const) {
      problemOf(good, one.id, at, {
        reason: `${name(one)} and ${name(other)} both rank it preferred: only one claim can be`,
      });
    }
  };
  for (const result of everyone) {
    for (const entity of result.facts.entities) {
      const id = canonical(entity.id);
      for (const [property, rank] of Object.entries(entity.ranks ?? {})) {
        if (rank === 'preferred') note(`${id}.${property}`, `entity ${id}: ${property}`, result);
      }
    }
    for (const relation of result.facts.relations) {
      const ranked = Object.entries(relation.ranks ?? {}).filter(([, rank]) => rank === 'preferred');
      if (!ranked.length) continue;
      const id = relationIdOf({ ...relation, from: canonical(relation.from), to: canonical(relation.to) });
      for (const [property] of ranked) note(`${id}.${property}`, `relation ${id}: ${property}`, result);
    }
  }
}

function problemOf(good: SourceCheck[], source: string, at: string, problem: { reason: string }) {
  const result = good.find((candidate) => candidate.id === source);
  if (!result) return;
  if (result.problems.some((p) => p.at === at && p.reason === problem.reason)) return;
  result.problems.push({ file: result.file, at, reason: problem.reason });
}

function unknownId(id: string, declarations: Map<string, unknown>): string {
  const close = closestIds(id, [...declarations.keys()]);
  return `"${id}" is not declared by any facts file${close.length ? `; did you mean ${close.map((c) => `"${c}"`).join(', ')}?` : ''}`;
}

/** Up to three ids within a few edits of `id`, closest first. */
export function closestIds(id: string, ids: readonly string[]): string[] {
  const limit = Math.max(2, Math.floor(id.length / 3));
  return ids
    .map((candidate) => ({ candidate, distance: editDistance(id, candidate, limit) }))
    .filter((entry) => entry.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, 3)
    .map((entry) => entry.candidate);
}

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    if (Math.min(...current) > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
}
