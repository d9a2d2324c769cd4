import { type GraphQLNamedType, getNamedType, isAbstractType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkAllSources } from '../../src/facts/check-sources.ts';
import { type EntityType, entityTypes, type RelationType, relationTypes } from '../../src/model/ontology.ts';
import { endsAllowed, farEndsOf, relationEnds } from '../../src/model/relation-ends.ts';
import { schema } from '../../src/schema/index.ts';
import { type TypedRelation, typedRelations } from '../../src/schema/typed-relations.ts';

/**
 * The typed GraphQL fields against the ontology's relation ends (src/model/relation-ends.ts): a field
 * must be able to return every type the ontology allows at its end, so that "the Meeting was
 * chaired by Cambodia" cannot leave `Meeting.chair` null again.
 */

const fields = (Object.entries(typedRelations) as Array<[EntityType, TypedRelation[]]>).flatMap(
  ([owner, list]) => list.map((relation) => ({ owner, relation, name: `${owner}.${relation.field}` })),
);

const directions = (relation: TypedRelation) =>
  relation.direction === 'BOTH' ? (['OUT', 'IN'] as const) : [relation.direction];

/** Every type the ontology allows at the far end of the field's relations. */
function ontologyEnds(owner: EntityType, relation: TypedRelation): Set<EntityType> {
  return new Set(
    relation.types.flatMap((type) => directions(relation).flatMap((d) => farEndsOf(type, owner, d))),
  );
}

/** What the field can return: its `to` filter within the ontology's ends, or all of those. */
function fieldEnds(owner: EntityType, relation: TypedRelation): Set<EntityType> {
  const allowed = ontologyEnds(owner, relation);
  return relation.to ? new Set(relation.to.filter((t) => allowed.has(t))) : allowed;
}

/** The object types a GraphQL field's type can resolve to. */
function possibleTypes(owner: EntityType, field: string): string[] {
  const type = schema.getType(owner);
  if (!isObjectType(type)) throw new Error(`${owner} is not an object type`);
  const found = type.getFields()[field];
  if (!found) throw new Error(`${owner}.${field} is not in the schema`);
  const named: GraphQLNamedType = getNamedType(found.type);
  if (isAbstractType(named)) return schema.getPossibleTypes(named).map((t) => t.name);
  return [named.name];
}

describe('relation ends in the ontology', () => {
  it('name only entity types, for every relation type', () => {
    expect(Object.keys(relationEnds).sort()).toEqual(Object.keys(relationTypes).sort());
    for (const shapes of Object.values(relationEnds)) {
      for (const shape of shapes) {
        for (const end of [...shape.from, ...shape.to]) expect(Object.keys(entityTypes)).toContain(end);
      }
    }
  });

  it('CHAIRED comes from a person or a country, as its description says', () => {
    expect(farEndsOf('CHAIRED', 'Meeting', 'IN').sort()).toEqual(['Country', 'Person']);
    expect(endsAllowed('CHAIRED', 'Country', 'Meeting')).toBe(true);
    expect(endsAllowed('CHAIRED', 'Meeting', 'Country')).toBe(false);
  });

  it('fit every relation in the knowledge base', () => {
    const sources = checkAllSources();
    const typeOf = new Map(sources.flatMap((s) => s.entities.map((e) => [e.id, e.type] as const)));
    const misfits = sources
      .flatMap((s) => s.relations)
      .map((r) => ({ type: r.type as RelationType, from: typeOf.get(r.from), to: typeOf.get(r.to) }))
      .filter((r) => r.from && r.to && !endsAllowed(r.type, r.from, r.to))
      .map((r) => `${r.from} -${r.type}-> ${r.to}`);
    expect(sources.length).toBeGreaterThan(0);
    expect(misfits).toEqual([]);
  });
});

describe.each(fields)('typed field $name', ({ owner, relation, name }) => {
  it('follows a relation the ontology gives its type', () => {
    const ends = ontologyEnds(owner, relation);
    expect(ends.size, `${name}: no relation of ${owner} this way`).toBeGreaterThan(0);
  });

  it('filters only on types the ontology allows at its end', () => {
    const allowed = ontologyEnds(owner, relation);
    expect((relation.to ?? []).filter((t) => !allowed.has(t))).toEqual([]);
  });

  it('can return every type it may find', () => {
    const possible = possibleTypes(owner, relation.field);
    expect([...fieldEnds(owner, relation)].filter((t) => !possible.includes(t))).toEqual([]);
    if (possible.length === 1) expect([...fieldEnds(owner, relation)]).toEqual(possible);
  });

  it('drops no type the ontology allows, unless a sibling field shows it', () => {
    const siblings = (typedRelations[owner] ?? []).filter((other) =>
      other.types.some((type) => relation.types.includes(type)),
    );
    for (const type of relation.types) {
      for (const direction of directions(relation)) {
        const shown = siblings
          .filter((other) => other.types.includes(type) && directions(other).includes(direction))
          .flatMap((other) => (other.to ? other.to : farEndsOf(type, owner, direction)));
        const dropped = farEndsOf(type, owner, direction).filter((t) => !shown.includes(t));
        expect(dropped, `${name}: ${type} ${direction} from ${owner}`).toEqual([]);
      }
    }
  });
});

describe('Meeting.chair', () => {
  it('can be selected as a Person or as a Country', () => {
    expect(possibleTypes('Meeting', 'chair')).toEqual(expect.arrayContaining(['Person', 'Country']));
  });
});
