// A deterministic corpus (fixed seed) on the real ontology: a few hub countries and bodies, many
// projects and documents, Thai and English names; about 1.4 relations per entity.
import { seededRandom } from '../src/analytics/graph-metrics.ts';
import type { EntityType, RelationType } from '../src/kb/ontology.ts';
import type { EntityFact, RelationFact, SourceFacts } from '../src/kb/validate.ts';

export function generateCorpus(count: number, seed = 42): SourceFacts {
  const rand = seededRandom(seed);
  const source = 'generated-corpus';
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
  const relate = (type: RelationType, from: string, to: string) =>
    relations.push({
      id: `${source}:${type}:${from}:${to}:${relations.length}`,
      type,
      from,
      to,
      qualifiers: {},
      cite: { section: '1', quote: 'Entity 0' },
    });
  for (const project of byType('Project')) {
    relate('AWARDED_TO', project.id, pick(byType('Country'), 3).id);
    if (rand() < 0.5) relate('ADDRESSES', project.id, pick(byType('Topic'), 2).id);
  }
  for (const document of byType('Document')) relate('PRODUCED', pick(byType('Meeting')).id, document.id);
  for (const meeting of byType('Meeting')) {
    for (let i = 0; i < 4; i++) relate('ATTENDED', pick(hubs, 2).id, meeting.id);
  }
  return {
    meta: {
      id: source,
      titleEn: 'Generated corpus',
      titleTh: 'คลังข้อมูลทดสอบ',
      date: '2024-01-01',
      issuer: 'bench',
      language: 'en',
    },
    text: '',
    entities,
    relations,
  };
}
