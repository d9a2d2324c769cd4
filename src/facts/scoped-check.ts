import { checkAcrossSources, type SourceCheck } from './cross-check.ts';
import { SourceCache } from './source-cache.ts';
import type { Problem, SourceFacts } from './source-facts.ts';
import { listSourceIds, type ReadOptions } from './source-files.ts';

/** The sources on disk as last checked: each one's content key, and those that passed, as checked. */
interface Baseline {
  dir: string;
  keys: Map<string, string>;
  good: Map<string, SourceFacts>;
}

export interface ScopedCheck {
  /** The sources checked: the one written, and those that name an id it changes. */
  checked: string[];
  /** What refuses the write: the written source's problems, and those of sources that passed before. */
  problems: Problem[];
  /** The written source as checked (ids resolved through sameAs, references filled in); null when removed. */
  facts: SourceFacts | null;
  /** The written source as last checked, when it passed. */
  previous?: SourceFacts;
}

/**
 * The check of a write, as `checkSources` would give it for the files after the write, but
 * reading again only the source written and checking across files only the sources that name an
 * id whose declaration it changes; the other sources are the background, as last checked. A
 * source whose status flips (passes now, or no longer) brings in the sources that name its ids.
 * A change of `sameAs`, which moves ids in every file, and a disk that changed behind the writer's
 * back are checked in full. One instance per writer: it remembers the state after the last check
 * and takes it as the baseline once the disk shows that write.
 */
export class ScopedChecker {
  private readonly cache = new SourceCache();
  private readonly mentionsOf = new WeakMap<SourceFacts, Set<string>>();
  private baseline?: Baseline;
  private pending?: Baseline;

  check(dir: string, source: string, files: NonNullable<ReadOptions['files']>): ScopedCheck {
    const base = this.baselineOf(dir);
    const after = listSourceIds(dir, files);
    const read = (id: string) => this.cache.read(id, dir, { files });
    const previous = base.keys.has(source) ? this.cache.read(source, dir).facts : undefined;
    const next = after.includes(source) ? read(source).facts : undefined;
    const full = JSON.stringify(previous?.sameAs ?? []) !== JSON.stringify(next?.sameAs ?? []);
    const scope = new Set(full ? after : [source]);
    const delta = changedIds(previous, next);
    if (!previous || !next) delta.add(source);
    // Ids `sameAs` joins are one entity: a change to one concerns the files that name the other.
    const joined = after.flatMap((id) => read(id).facts.sameAs ?? []);
    let results: SourceCheck[];
    for (;;) {
      for (let size = -1; size !== delta.size; ) {
        size = delta.size;
        for (const same of joined)
          if (delta.has(same.id) || delta.has(same.target)) delta.add(same.id).add(same.target);
      }
      for (const id of after) if ([...this.mentions(read(id).facts)].some((x) => delta.has(x))) scope.add(id);
      results = after.filter((id) => scope.has(id)).map(read);
      const background = after
        .filter((id) => !scope.has(id))
        .map((id) => {
          const other = this.cache.read(id, dir);
          if (!base.good.has(id))
            other.problems.push({ file: other.file, at: 'source', reason: 'did not check' });
          return other;
        });
      checkAcrossSources(results, dir, background);
      const flipped = results.filter((result) => !result.problems.length !== base.good.has(result.id));
      const size = delta.size;
      for (const result of flipped) for (const id of this.mentions(read(result.id).facts)) delta.add(id);
      if (delta.size === size) break;
    }
    const good = new Map([...base.good].filter(([id]) => !scope.has(id)));
    for (const result of results) if (!result.problems.length) good.set(result.id, result.facts);
    const keys = new Map(base.keys);
    if (next) keys.set(source, this.cache.keyOf(source, dir, files));
    else keys.delete(source);
    this.pending = { dir, keys, good };
    const checked = results.find((result) => result.id === source);
    return {
      checked: results.map((result) => result.id),
      problems: results
        .filter((result) => result.id === source || base.good.has(result.id))
        .flatMap((result) => result.problems),
      facts: next && checked ? checked.facts : null,
      previous: base.good.get(source),
    };
  }

  /** The state of the disk: the last one checked, the one the last write left, or checked in full. */
  private baselineOf(dir: string): Baseline {
    const ids = listSourceIds(dir);
    const keys = new Map(ids.map((id) => [id, this.cache.keyOf(id, dir)]));
    const same = (state?: Baseline) =>
      state?.dir === dir &&
      state.keys.size === keys.size &&
      [...keys].every(([id, key]) => state.keys.get(id) === key);
    if (same(this.pending)) this.baseline = this.pending;
    this.pending = undefined;
    if (this.baseline && same(this.baseline)) return this.baseline;
    const results = ids.map((id) => this.cache.read(id, dir));
    checkAcrossSources(results, dir);
    const good = new Map(
      results.filter((result) => !result.problems.length).map((result) => [result.id, result.facts]),
    );
    this.baseline = { dir, keys, good };
    return this.baseline;
  }

  /** Every id a source declares, names or redirects, and its own. */
  private mentions(facts: SourceFacts): Set<string> {
    let ids = this.mentionsOf.get(facts);
    if (!ids) {
      ids = new Set([facts.meta.id]);
      for (const entity of facts.entities) ids.add(entity.id);
      for (const relation of facts.relations) ids.add(relation.from).add(relation.to);
      for (const same of facts.sameAs ?? []) ids.add(same.id).add(same.target);
      this.mentionsOf.set(facts, ids);
    }
    return ids;
  }
}

/**
 * Ids whose declaration a write changes in what the check across files reads of it: its type,
 * whether it gives a name, its ranks; and the ends of a relation whose `preferred` rank changed.
 */
function changedIds(before?: SourceFacts, after?: SourceFacts): Set<string> {
  const changed = new Set<string>();
  const declared = (facts?: SourceFacts) =>
    new Map(
      (facts?.entities ?? []).map((entity) => [
        entity.id,
        JSON.stringify([entity.type, 'name' in entity.props, entity.ranks ?? {}]),
      ]),
    );
  const ranked = (facts?: SourceFacts) =>
    new Map(
      (facts?.relations ?? [])
        .filter((relation) => Object.values(relation.ranks ?? {}).includes('preferred'))
        .map((relation) => [relation.id, relation]),
    );
  const [was, now] = [declared(before), declared(after)];
  for (const id of new Set([...was.keys(), ...now.keys()])) if (was.get(id) !== now.get(id)) changed.add(id);
  const [rankedWas, rankedNow] = [ranked(before), ranked(after)];
  for (const id of new Set([...rankedWas.keys(), ...rankedNow.keys()])) {
    const [one, other] = [rankedWas.get(id), rankedNow.get(id)];
    if (JSON.stringify(one?.ranks) === JSON.stringify(other?.ranks)) continue;
    for (const relation of [one, other]) if (relation) changed.add(relation.from).add(relation.to);
  }
  return changed;
}
