import { builder } from '../builder.ts';
import { type EntityType, entityTypes } from '../model/ontology.ts';
import type { EntityRecord } from '../stores/records.ts';

/**
 * References to the entity types, declared before they are implemented so that types which point
 * at each other (an entity has relations, a relation has an entity) can be written in any order.
 */
export const NodeRef = builder.interfaceRef<EntityRecord>('Node');
export const EntityRef = builder.interfaceRef<EntityRecord>('Entity');

export const objectRefs = Object.fromEntries(
  Object.keys(entityTypes).map((type) => [type, builder.objectRef<EntityRecord>(type)]),
) as Record<EntityType, ReturnType<typeof builder.objectRef<EntityRecord>>>;

export const SourceRef = objectRefs.Source;
