import { builder } from '../../builder.ts';
import {
  commonProps,
  type EntityTypeDef,
  entityTypes,
  type PropKind,
  qualifierKinds,
  relationTypes,
  statuses,
} from '../../model/ontology.ts';

/**
 * The ontology as data (src/model/ontology.ts), for forms that offer its types, kinds and statuses
 * as choices rather than free text.
 */
interface Property {
  name: string;
  kind: PropKind;
  choices: readonly string[] | null;
}

const PropertyRef = builder.objectRef<Property>('OntologyProperty').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    kind: t.exposeString('kind', { description: 'string, strings, date, decimal, integer or boolean.' }),
    choices: t.exposeStringList('choices', {
      nullable: true,
      description: 'The values allowed, where the ontology lists them (kind, status); null for free text.',
    }),
  }),
});

const properties = (props: Record<string, PropKind>, kinds?: readonly string[]): Property[] =>
  Object.entries(props).map(([name, kind]) => ({
    name,
    kind,
    choices: name === 'kind' ? (kinds ?? null) : name === 'status' ? statuses : null,
  }));

const EntityTypeRef = builder
  .objectRef<{ name: string; def: EntityTypeDef }>('OntologyEntityType')
  .implement({
    fields: (t) => ({
      name: t.exposeString('name', { description: 'e.g. Organization.' }),
      description: t.string({ resolve: ({ def }) => def.description }),
      properties: t.field({
        type: [PropertyRef],
        description: 'Every attribute it may have, the common ones (name, nameTh, …) first.',
        resolve: ({ def }) => properties({ ...commonProps, ...def.props }, def.kinds),
      }),
    }),
  });

const RelationTypeRef = builder
  .objectRef<{ name: string; description: string }>('OntologyRelationType')
  .implement({
    fields: (t) => ({
      name: t.exposeString('name', { description: 'e.g. PROPOSED.' }),
      description: t.exposeString('description'),
    }),
  });

const OntologyRef = builder.objectRef<Record<string, never>>('Ontology').implement({
  fields: (t) => ({
    entityTypes: t.field({
      type: [EntityTypeRef],
      resolve: () =>
        Object.entries(entityTypes)
          .filter(([name]) => name !== 'Source') // sources come with createSource
          .map(([name, def]) => ({ name, def: def as EntityTypeDef })),
    }),
    relationTypes: t.field({
      type: [RelationTypeRef],
      resolve: () => Object.entries(relationTypes).map(([name, description]) => ({ name, description })),
    }),
    qualifiers: t.field({
      type: [PropertyRef],
      description: 'Qualifiers any relation may carry.',
      resolve: () => properties(qualifierKinds),
    }),
  }),
});

builder.queryField('ontology', (t) =>
  t.field({
    type: OntologyRef,
    description: 'Entity types with their attributes, relation types and qualifiers: what a fact may say.',
    resolve: () => ({}),
  }),
);
