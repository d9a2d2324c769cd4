import type { EntityType, RelationType } from './ontology.ts';

/** One shape a relation may take: any of `from` to any of `to`. */
export interface RelationEnds {
  from: readonly EntityType[];
  to: readonly EntityType[];
}

const parties = ['Country', 'Organization'] as const;
const bodies = ['Organization', 'WorkingGroup'] as const;

/**
 * The entity types at each end of each relation, as the descriptions in ontology.ts say them
 * ("a person or country chaired a meeting"). A relation may have several shapes where its ends
 * depend on each other (a body is part of a body or a country, a meeting of a meeting). The typed
 * GraphQL fields (src/schema/typed-relations.ts) are checked against this by
 * test/unit/relation-ends.test.ts, so a field cannot drop a type that is allowed at its end.
 */
export const relationEnds = {
  MEMBER_OF: [{ from: parties, to: ['Organization'] }],
  PART_OF: [
    { from: ['Organization'], to: ['Organization', 'Country'] },
    { from: ['WorkingGroup', 'Initiative'], to: ['Organization'] },
    { from: ['Meeting'], to: ['Meeting'] },
  ],
  HOLDS_ROLE: [{ from: ['Person'], to: ['Organization'] }],
  REPRESENTS: [{ from: ['Organization', 'Person'], to: ['Country'] }],
  CHAIRED: [{ from: ['Person', 'Country'], to: ['Meeting'] }],
  ATTENDED: [{ from: ['Country', 'Organization', 'Person'], to: ['Meeting'] }],
  HOSTED_BY: [{ from: ['Meeting'], to: ['Country'] }],
  SUBMITTED: [{ from: bodies, to: ['Meeting'] }],
  PROPOSED: [
    {
      from: parties,
      to: ['Initiative', 'Organization', 'WorkingGroup', 'Agreement', 'Document', 'Meeting', 'Project'],
    },
  ],
  SUPPORTED: [
    {
      from: parties,
      to: ['Initiative', 'Organization', 'WorkingGroup', 'Agreement', 'Document', 'Meeting', 'Topic'],
    },
  ],
  ESTABLISHED: [{ from: parties, to: ['Organization', 'WorkingGroup', 'Fund', 'Initiative'] }],
  ISSUED: [
    { from: ['Country'], to: ['Policy'] },
    { from: ['Organization'], to: ['Policy', 'Document'] },
  ],
  PRESENTED: [{ from: ['Country', 'Organization', 'Person'], to: ['Policy', 'Document'] }],
  ADOPTED: [{ from: ['Meeting'], to: ['Agreement', 'WorkPlan', 'Document'] }],
  APPROVED: [{ from: ['Meeting'], to: ['Document', 'Agreement', 'WorkPlan', 'FundApproval'] }],
  ACKNOWLEDGED: [
    {
      from: ['Meeting'],
      to: ['Document', 'Agreement', 'WorkPlan', 'Fund', 'Meeting', 'Project', 'Initiative', 'WorkingGroup'],
    },
  ],
  ENDORSED: [{ from: ['Meeting', 'Agreement'], to: ['Initiative', 'Document', 'Agreement', 'WorkingGroup'] }],
  WELCOMED: [{ from: ['Meeting', 'Agreement'], to: ['Initiative'] }],
  PRODUCED: [{ from: ['Meeting'], to: ['Document', 'Agreement'] }],
  AMENDS: [{ from: ['Amendment'], to: ['Agreement'] }],
  PARTY_TO: [
    { from: ['Country'], to: ['Agreement', 'WorkPlan', 'Initiative'] },
    { from: ['Organization'], to: ['Agreement', 'WorkPlan', 'Initiative', 'Document'] },
  ],
  GOVERNED_BY: [{ from: bodies, to: ['Document'] }],
  MEETING_OF: [{ from: ['Meeting'], to: bodies }],
  FUNDED_BY: [{ from: ['Project', 'FundApproval', 'FundAllocation'], to: ['Fund'] }],
  INCLUDES: [{ from: ['FundApproval', 'FundAllocation'], to: ['Project'] }],
  AWARDED_TO: [{ from: ['Project', 'FundApproval', 'FundAllocation'], to: ['Country'] }],
  CONTRIBUTED_TO: [{ from: parties, to: ['Fund'] }],
  ADDRESSES: [
    {
      from: [
        'Organization',
        'Meeting',
        'WorkingGroup',
        'Agreement',
        'Document',
        'WorkPlan',
        'Initiative',
        'Project',
        'Policy',
        'DigitalService',
        'Amendment',
        'Benefit',
      ],
      to: ['Topic'],
    },
  ],
  HAS_PILLAR: [{ from: ['Policy'], to: ['Topic'] }],
  DISCUSSED: [{ from: ['Meeting'], to: ['Topic'] }],
  COMMITTED: [{ from: ['Meeting'], to: ['Commitment'] }],
  CONCERNS: [
    {
      from: ['Meeting', 'Commitment'],
      to: ['Agreement', 'Organization', 'WorkingGroup', 'Initiative', 'DigitalService'],
    },
  ],
  REFERENCES: [
    {
      from: ['Document', 'Amendment'],
      to: ['Organization', 'WorkingGroup', 'Agreement', 'Document', 'Policy', 'WorkPlan', 'Initiative'],
    },
  ],
  UNDER: [{ from: ['Project', 'FundApproval'], to: bodies }],
  COMMITTED_BY: [{ from: ['Commitment'], to: parties }],
  PROVIDES: [{ from: parties, to: ['DigitalService'] }],
  BENEFITS: [{ from: ['Benefit', 'Commitment'], to: parties }],
  ARISES_FROM: [{ from: ['Benefit'], to: ['Meeting', 'Organization', 'WorkingGroup'] }],
  CONSIDERING_JOINING: [{ from: ['Country'], to: ['Agreement'] }],
  RESULT_OF: [{ from: ['Meeting'], to: ['Meeting'] }],
} as const satisfies Record<RelationType, readonly RelationEnds[]>;

/**
 * The types that may be at the far end of `relation` from an entity of `type`, going `direction`
 * (OUT: `type` is the `from` end). Empty when the ontology never puts `type` at the near end.
 */
export function farEndsOf(relation: RelationType, type: EntityType, direction: 'OUT' | 'IN'): EntityType[] {
  const found = new Set<EntityType>();
  for (const shape of relationEnds[relation] as readonly RelationEnds[]) {
    const [near, far] = direction === 'OUT' ? [shape.from, shape.to] : [shape.to, shape.from];
    if (near.includes(type)) for (const end of far) found.add(end);
  }
  return [...found];
}

/** Whether `from -[relation]-> to` has a shape the ontology allows. */
export function endsAllowed(relation: RelationType, from: EntityType, to: EntityType): boolean {
  return farEndsOf(relation, from, 'OUT').includes(to);
}
