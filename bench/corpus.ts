// A deterministic corpus (fixed seed) on the real ontology: a few hub countries and bodies, many
// projects and documents, Thai and English names; about 1.4 relations per entity. Like a real
// knowledge base it comes as many sources (documents), each citing the entities it names, and the
// sources overlap as real ones do: about 30% of entities are named by two or more sources, a fifth
// of those with a value the other source disagrees on, and some relations stated twice.
import { seededRandom } from '../src/analytics/graph-metrics.ts';
import type { Database } from '../src/db/database.ts';
import type { EntityFact, RelationFact, SourceFacts } from '../src/facts/source-facts.ts';
import { dataDir } from '../src/facts/source-files.ts';
import { relationIdOf } from '../src/facts/values.ts';
import { loadSource } from '../src/loader/load.ts';
import type { LoadCounters } from '../src/loader/source-change.ts';
import type { EntityType, RelationType } from '../src/model/ontology.ts';

/** Relations per generated source, at most; a source is one transaction of the loader. */
const PER_SOURCE = 25_000;
/** Even a small corpus comes as several sources, so that they overlap. */
const MIN_SOURCES = 4;

export interface Corpus {
  entities: number;
  relations: number;
  sources: SourceFacts[];
  /** Share of entities that two or more sources name. */
  shared: number;
}

export function generateCorpus(count: number, seed = 42): Corpus {
  const rand = seededRandom(seed);
  const mix: Array<[EntityType, number]> = [
    ['Country', 0.002],
    ['Organization', 0.03],
    ['Meeting', 0.05],
    ['Topic', 0.01],
    ['Document', 0.3],
    ['Project', 0.608],
  ];
  const entities: EntityFact[] = [];
  for (const [type, share] of mix) {
    const n = Math.max(8, Math.round(count * share));
    for (let i = 0; i < n && entities.length < count; i++) {
      const id = `gen-${type.toLowerCase()}-${i}`;
      const props: Record<string, unknown> = {
        name: `${type} ${i}`,
        nameTh: `หน่วยงาน ${i}`,
        aliases: [`${type.slice(0, 3).toUpperCase()}${i}`],
      };
      if (type === 'Project')
        Object.assign(props, {
          amount: `${Math.floor(rand() * 100000)}.${String(Math.floor(rand() * 100)).padStart(2, '0')}`,
          currency: 'USD',
          year: 2000 + Math.floor(rand() * 25),
        });
      if (type === 'Meeting')
        Object.assign(props, {
          startDate: `20${10 + Math.floor(rand() * 15)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
        });
      entities.push({ id, type, props, cite: { section: '1', quote: `Entity ${entities.length}` } });
    }
  }
  const lists = new Map<EntityType, EntityFact[]>();
  for (const entity of entities) {
    if (!lists.has(entity.type)) lists.set(entity.type, []);
    lists.get(entity.type)?.push(entity);
  }
  const byType = (type: EntityType) => lists.get(type) ?? [];
  const hubs = [...byType('Country'), ...byType('Organization').slice(0, 50)];
  const pick = <T>(items: T[], skew = 1) => items[Math.floor(rand() ** skew * items.length)] as T;
  const relations: RelationFact[] = [];
  const relate = (type: RelationType, from: string, to: string) => {
    const fact = { type, from, to, key: String(relations.length), qualifiers: {} };
    relations.push({ ...fact, id: relationIdOf(fact), cite: { section: '1', quote: 'Entity 0' } });
  };
  for (const project of byType('Project')) {
    relate('AWARDED_TO', project.id, pick(byType('Country'), 3).id);
    if (rand() < 0.5) relate('ADDRESSES', project.id, pick(byType('Topic'), 2).id);
  }
  for (const document of byType('Document')) relate('PRODUCED', pick(byType('Meeting')).id, document.id);
  for (const meeting of byType('Meeting')) {
    for (let i = 0; i < 4; i++) relate('ATTENDED', pick(hubs, 2).id, meeting.id);
  }
  const sources = split(entities, relations);
  overlap(sources, rand);
  return { entities: entities.length, relations: relations.length, sources, shared: sharedShare(sources) };
}

/**
 * Makes the sources overlap: a later source re-declares entities an earlier one declared (a fifth
 * with another amount or date, a conflict) and states again some relations between them.
 */
function overlap(sources: SourceFacts[], rand: () => number) {
  if (sources.length < 2) return;
  const declaredIn = new Map<string, number>();
  sources.forEach((source, index) => {
    for (const entity of source.entities) if (!declaredIn.has(entity.id)) declaredIn.set(entity.id, index);
  });
  const shared = new Set<string>();
  sources.forEach((source, index) => {
    const next = sources[(index + 1) % sources.length] as SourceFacts;
    const have = new Set(next.entities.map((entity) => entity.id));
    for (const entity of source.entities) {
      if (declaredIn.get(entity.id) !== index || have.has(entity.id) || rand() >= 0.27) continue;
      const props = { ...entity.props };
      if (rand() < 0.2) {
        if (entity.type === 'Project') props.amount = `${Math.floor(rand() * 100000)}.00`;
        if (entity.type === 'Meeting') props.startDate = '2024-06-15';
        if (entity.type === 'Document' || entity.type === 'Topic')
          props.description = 'As another source puts it.';
      }
      next.entities.push({ ...entity, props, cite: { section: '2', quote: 'Entity 1' } });
      have.add(entity.id);
      shared.add(entity.id);
    }
    // A relation between two shared entities, stated again by the source that re-declared them.
    for (const relation of source.relations) {
      if (
        shared.has(relation.from) &&
        shared.has(relation.to) &&
        have.has(relation.from) &&
        have.has(relation.to)
      )
        next.relations.push({ ...relation, cite: { section: '2', quote: 'Entity 1' } });
    }
  });
}

/** The share of entities that two or more sources declare. */
function sharedShare(sources: SourceFacts[]): number {
  const count = new Map<string, number>();
  for (const source of sources)
    for (const entity of source.entities) count.set(entity.id, (count.get(entity.id) ?? 0) + 1);
  return [...count.values()].filter((n) => n > 1).length / Math.max(count.size, 1);
}

/** Cuts the relations into sources; each source carries the entities its relations name. */
function split(entities: EntityFact[], relations: RelationFact[]): SourceFacts[] {
  const byId = new Map(entities.map((entity) => [entity.id, entity]));
  const named = new Set<string>();
  const sources: SourceFacts[] = [];
  const size = Math.max(1, Math.min(PER_SOURCE, Math.ceil(relations.length / MIN_SOURCES)));
  for (let start = 0; start < Math.max(relations.length, 1); start += size) {
    const chunk = relations.slice(start, start + size);
    const ids = new Set(chunk.flatMap((relation) => [relation.from, relation.to]));
    for (const id of ids) named.add(id);
    const number = sources.length + 1;
    sources.push({
      meta: {
        id: `generated-source-${number}`,
        titleEn: `Generated source ${number}`,
        titleTh: `เอกสารทดสอบ ${number}`,
        date: `2024-01-${String(1 + (number % 28)).padStart(2, '0')}`,
        issuer: 'bench',
        language: 'en',
      },
      text: '',
      entities: [...ids].map((id) => byId.get(id) as EntityFact),
      relations: chunk,
    });
  }
  // Entities no relation names still belong somewhere.
  sources.at(-1)?.entities.push(...entities.filter((entity) => !named.has(entity.id)));
  return sources;
}

/** Loads every source of the corpus through the product's loader; times and counters summed. */
export async function loadCorpus(db: Database, corpus: Corpus) {
  const counters: Partial<LoadCounters> = {};
  let ms = 0;
  for (const facts of corpus.sources) {
    const report = await loadSource(db, facts, dataDir);
    ms += report.ms;
    for (const [key, value] of Object.entries(report.counters) as Array<[keyof LoadCounters, number]>) {
      counters[key] = (counters[key] ?? 0) + value;
    }
  }
  return { ms, counters };
}
