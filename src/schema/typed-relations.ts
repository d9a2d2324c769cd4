import type { EntityType, RelationType } from '../model/ontology.ts';
import { MAX_PAGE } from '../stores/paging.ts';
import type { Direction, RelationQuery } from '../stores/records.ts';

/** A typed relationship field, e.g. `Meeting.hostCountry`: which edges to follow and what is at the end. */
export interface TypedRelation {
  field: string;
  description: string;
  types: RelationType[];
  direction: Exclude<Direction, 'BOTH'> | 'BOTH';
  /**
   * The entity types at the other end, when the field shows only some of those the ontology allows
   * (src/model/relation-ends.ts); one type gives the field that type, otherwise Entity.
   */
  to?: EntityType[];
  /** A single entity (or null) instead of a list. */
  single?: boolean;
}

/** The relation question a typed field asks: one page of at most MAX_PAGE, or the first. */
export function typedQuery(relation: TypedRelation): RelationQuery {
  return {
    types: relation.types,
    direction: relation.direction,
    nodeTypes: relation.to,
    first: relation.single ? 1 : MAX_PAGE,
    withCount: false,
    ...(relation.single ? { shown: true } : {}),
  };
}

const topics: TypedRelation = {
  field: 'topics',
  description: 'Topics this addresses or discussed.',
  types: ['ADDRESSES', 'DISCUSSED', 'HAS_PILLAR'],
  direction: 'OUT',
  to: ['Topic'],
};

export const typedRelations: Partial<Record<EntityType, TypedRelation[]>> = {
  Country: [
    {
      field: 'agreements',
      description: 'Agreements the country or its bodies are party to, or are considering.',
      types: ['PARTY_TO', 'CONSIDERING_JOINING'],
      direction: 'OUT',
      to: ['Agreement'],
    },
    {
      field: 'workPlans',
      description: 'Work plans the country is party to.',
      types: ['PARTY_TO'],
      direction: 'OUT',
      to: ['WorkPlan'],
    },
    {
      field: 'initiatives',
      description: 'Initiatives the country is party to.',
      types: ['PARTY_TO'],
      direction: 'OUT',
      to: ['Initiative'],
    },
    {
      field: 'meetings',
      description: 'Meetings the country attended.',
      types: ['ATTENDED'],
      direction: 'OUT',
      to: ['Meeting'],
    },
    {
      field: 'hosted',
      description: 'Meetings the country hosts or hosted.',
      types: ['HOSTED_BY'],
      direction: 'IN',
      to: ['Meeting'],
    },
    {
      field: 'chaired',
      description: 'Meetings the country chaired.',
      types: ['CHAIRED'],
      direction: 'OUT',
      to: ['Meeting'],
    },
    {
      field: 'funding',
      description: 'Projects and allocations awarded to the country.',
      types: ['AWARDED_TO'],
      direction: 'IN',
    },
    { field: 'proposed', description: 'What the country proposed.', types: ['PROPOSED'], direction: 'OUT' },
    {
      field: 'supported',
      description: 'What the country supported.',
      types: ['SUPPORTED'],
      direction: 'OUT',
    },
    {
      field: 'policies',
      description: 'Policies and laws the country issued.',
      types: ['ISSUED'],
      direction: 'OUT',
      to: ['Policy'],
    },
    {
      field: 'established',
      description: 'Bodies the country set up.',
      types: ['ESTABLISHED'],
      direction: 'OUT',
    },
    {
      field: 'bodies',
      description: 'Ministries and bodies of the country.',
      types: ['PART_OF'],
      direction: 'IN',
      to: ['Organization'],
    },
    {
      field: 'services',
      description: 'Digital services the country provides.',
      types: ['PROVIDES'],
      direction: 'OUT',
      to: ['DigitalService'],
    },
    {
      field: 'commitments',
      description: 'Commitments the country made.',
      types: ['COMMITTED_BY'],
      direction: 'IN',
      to: ['Commitment'],
    },
    {
      field: 'benefits',
      description: 'Benefits expected for the country.',
      types: ['BENEFITS'],
      direction: 'IN',
    },
  ],
  Organization: [
    {
      field: 'partOf',
      description: 'The body or country this belongs to.',
      types: ['PART_OF'],
      direction: 'OUT',
      single: true,
    },
    {
      field: 'parts',
      description: 'Bodies and initiatives that are part of this one.',
      types: ['PART_OF'],
      direction: 'IN',
    },
    {
      field: 'agreements',
      description: 'Agreements, work plans and documents this body is party to.',
      types: ['PARTY_TO'],
      direction: 'OUT',
    },
    {
      field: 'meetings',
      description: 'Meetings this body attended.',
      types: ['ATTENDED'],
      direction: 'OUT',
      to: ['Meeting'],
    },
    {
      field: 'sessions',
      description: 'Meetings of this body.',
      types: ['MEETING_OF'],
      direction: 'IN',
      to: ['Meeting'],
    },
    {
      field: 'people',
      description: 'People who hold a role here.',
      types: ['HOLDS_ROLE'],
      direction: 'IN',
      to: ['Person'],
    },
    { field: 'supported', description: 'What this body supported.', types: ['SUPPORTED'], direction: 'OUT' },
    {
      field: 'contributedTo',
      description: 'Funds this body paid into.',
      types: ['CONTRIBUTED_TO'],
      direction: 'OUT',
      to: ['Fund'],
    },
    topics,
  ],
  Person: [
    {
      field: 'organizations',
      description: 'Where the person holds a role.',
      types: ['HOLDS_ROLE'],
      direction: 'OUT',
      to: ['Organization'],
    },
    {
      field: 'chaired',
      description: 'Meetings the person chaired.',
      types: ['CHAIRED'],
      direction: 'OUT',
      to: ['Meeting'],
    },
  ],
  Meeting: [
    {
      field: 'hostCountry',
      description: 'The host country.',
      types: ['HOSTED_BY'],
      direction: 'OUT',
      to: ['Country'],
      single: true,
    },
    {
      field: 'chair',
      description: 'Who chaired it: a person or a country.',
      types: ['CHAIRED'],
      direction: 'IN',
      single: true,
    },
    {
      field: 'attendees',
      description: 'Countries, bodies and people that took part.',
      types: ['ATTENDED'],
      direction: 'IN',
    },
    {
      field: 'of',
      description: 'The body or working group this is a meeting of.',
      types: ['MEETING_OF'],
      direction: 'OUT',
      single: true,
    },
    {
      field: 'partOf',
      description: 'The larger meeting this was part of or came out of.',
      types: ['PART_OF', 'RESULT_OF'],
      direction: 'OUT',
      single: true,
    },
    {
      field: 'sessions',
      description: 'Sessions and talks held as part of this meeting.',
      types: ['PART_OF', 'RESULT_OF'],
      direction: 'IN',
      to: ['Meeting'],
    },
    {
      field: 'outcomes',
      description: 'What the meeting produced, adopted, approved, endorsed or noted.',
      types: ['PRODUCED', 'ADOPTED', 'APPROVED', 'ACKNOWLEDGED', 'ENDORSED', 'WELCOMED'],
      direction: 'OUT',
    },
    {
      field: 'commitments',
      description: 'Commitments made in this talk.',
      types: ['COMMITTED'],
      direction: 'OUT',
      to: ['Commitment'],
    },
    {
      field: 'concerns',
      description: 'Agreements and initiatives the talk concerned.',
      types: ['CONCERNS'],
      direction: 'OUT',
    },
    {
      field: 'submittedBy',
      description: 'Who put the matter before the meeting.',
      types: ['SUBMITTED'],
      direction: 'IN',
    },
    topics,
  ],
  WorkingGroup: [
    {
      field: 'proposedBy',
      description: 'Who proposed the working group.',
      types: ['PROPOSED'],
      direction: 'IN',
    },
    {
      field: 'supportedBy',
      description: 'Who supported the proposal.',
      types: ['SUPPORTED'],
      direction: 'IN',
    },
    {
      field: 'framework',
      description: 'The framework or terms of reference it works under.',
      types: ['GOVERNED_BY'],
      direction: 'OUT',
      to: ['Document'],
      single: true,
    },
    {
      field: 'meetings',
      description: 'Its meetings.',
      types: ['MEETING_OF'],
      direction: 'IN',
      to: ['Meeting'],
    },
    {
      field: 'partOf',
      description: 'The body it belongs to.',
      types: ['PART_OF'],
      direction: 'OUT',
      single: true,
    },
    topics,
  ],
  Agreement: [
    {
      field: 'parties',
      description: 'Countries and bodies party to it.',
      types: ['PARTY_TO'],
      direction: 'IN',
    },
    {
      field: 'amendments',
      description: 'Amendments to its paragraphs.',
      types: ['AMENDS'],
      direction: 'IN',
      to: ['Amendment'],
    },
    {
      field: 'adoptedBy',
      description: 'Meetings that adopted, approved or produced it.',
      types: ['ADOPTED', 'APPROVED', 'PRODUCED'],
      direction: 'IN',
      to: ['Meeting'],
    },
    {
      field: 'welcomed',
      description: 'Initiatives the statement welcomed or endorsed.',
      types: ['WELCOMED', 'ENDORSED'],
      direction: 'OUT',
    },
    {
      field: 'consideringJoining',
      description: 'Countries considering joining.',
      types: ['CONSIDERING_JOINING'],
      direction: 'IN',
      to: ['Country'],
    },
    topics,
  ],
  Document: [
    {
      field: 'producedBy',
      description: 'Meetings that produced, approved or noted it.',
      types: ['PRODUCED', 'APPROVED', 'ACKNOWLEDGED'],
      direction: 'IN',
      to: ['Meeting'],
    },
    { field: 'parties', description: 'Parties to it.', types: ['PARTY_TO'], direction: 'IN' },
    {
      field: 'references',
      description: 'Bodies and instruments it refers to.',
      types: ['REFERENCES'],
      direction: 'OUT',
    },
    topics,
  ],
  WorkPlan: [
    {
      field: 'parties',
      description: 'ASEAN and the dialogue partner.',
      types: ['PARTY_TO'],
      direction: 'IN',
    },
    {
      field: 'adoptedBy',
      description: 'Meetings that adopted or noted it.',
      types: ['ADOPTED', 'ACKNOWLEDGED'],
      direction: 'IN',
      to: ['Meeting'],
    },
    topics,
  ],
  Initiative: [
    { field: 'parties', description: 'Parties to it.', types: ['PARTY_TO'], direction: 'IN' },
    { field: 'proposedBy', description: 'Who proposed it.', types: ['PROPOSED'], direction: 'IN' },
    {
      field: 'endorsedBy',
      description: 'Statements or meetings that welcomed or endorsed it.',
      types: ['WELCOMED', 'ENDORSED'],
      direction: 'IN',
    },
    topics,
  ],
  Fund: [
    {
      field: 'approvals',
      description: 'Yearly approvals of projects.',
      types: ['FUNDED_BY'],
      direction: 'IN',
      to: ['FundApproval'],
    },
    {
      field: 'allocations',
      description: 'Totals received by each recipient.',
      types: ['FUNDED_BY'],
      direction: 'IN',
      to: ['FundAllocation'],
    },
    {
      field: 'projects',
      description: 'Projects the fund finances.',
      types: ['FUNDED_BY'],
      direction: 'IN',
      to: ['Project'],
    },
    {
      field: 'contributors',
      description: 'Who paid into the fund.',
      types: ['CONTRIBUTED_TO'],
      direction: 'IN',
    },
  ],
  FundApproval: [
    {
      field: 'fund',
      description: 'The fund.',
      types: ['FUNDED_BY'],
      direction: 'OUT',
      to: ['Fund'],
      single: true,
    },
    {
      field: 'approvedBy',
      description: 'The meeting that approved it.',
      types: ['APPROVED'],
      direction: 'IN',
      to: ['Meeting'],
      single: true,
    },
    {
      field: 'projects',
      description: 'Projects named in the approval.',
      types: ['INCLUDES'],
      direction: 'OUT',
      to: ['Project'],
    },
    { field: 'under', description: 'The bodies whose work it funds.', types: ['UNDER'], direction: 'OUT' },
  ],
  FundAllocation: [
    {
      field: 'fund',
      description: 'The fund.',
      types: ['FUNDED_BY'],
      direction: 'OUT',
      to: ['Fund'],
      single: true,
    },
    {
      field: 'recipient',
      description: 'Who received it.',
      types: ['AWARDED_TO'],
      direction: 'OUT',
      to: ['Country'],
      single: true,
    },
    {
      field: 'projects',
      description: 'Projects the source names among them.',
      types: ['INCLUDES'],
      direction: 'OUT',
      to: ['Project'],
    },
  ],
  Project: [
    {
      field: 'fund',
      description: 'The fund that finances it.',
      types: ['FUNDED_BY'],
      direction: 'OUT',
      to: ['Fund'],
      single: true,
    },
    {
      field: 'recipients',
      description: 'Countries it is awarded to.',
      types: ['AWARDED_TO'],
      direction: 'OUT',
      to: ['Country'],
    },
    {
      field: 'approvals',
      description: 'Approvals and allocations that include it.',
      types: ['INCLUDES'],
      direction: 'IN',
    },
    topics,
  ],
  Policy: [
    {
      field: 'issuedBy',
      description: 'The country or body that issued it.',
      types: ['ISSUED'],
      direction: 'IN',
      single: true,
    },
    {
      field: 'pillars',
      description: 'Its pillars, in order (see relations for the ordinal).',
      types: ['HAS_PILLAR'],
      direction: 'OUT',
      to: ['Topic'],
    },
    topics,
  ],
  Topic: [
    {
      field: 'addressedBy',
      description: 'Everything that addresses or discussed this topic.',
      types: ['ADDRESSES', 'DISCUSSED', 'HAS_PILLAR', 'SUPPORTED'],
      direction: 'IN',
    },
  ],
  DigitalService: [
    {
      field: 'providers',
      description: 'The countries and bodies that provide the service.',
      types: ['PROVIDES'],
      direction: 'IN',
    },
    topics,
  ],
  Amendment: [
    {
      field: 'amends',
      description: 'The agreement it changes.',
      types: ['AMENDS'],
      direction: 'OUT',
      to: ['Agreement'],
      single: true,
    },
    {
      field: 'references',
      description: 'Work plans and initiatives it names.',
      types: ['REFERENCES'],
      direction: 'OUT',
    },
    topics,
  ],
  Commitment: [
    {
      field: 'talk',
      description: 'The talk in which it was made.',
      types: ['COMMITTED'],
      direction: 'IN',
      to: ['Meeting'],
      single: true,
    },
    {
      field: 'committedBy',
      description: 'The countries and bodies that committed.',
      types: ['COMMITTED_BY'],
      direction: 'OUT',
    },
    { field: 'concerns', description: 'What it is about.', types: ['CONCERNS'], direction: 'OUT' },
  ],
  Benefit: [
    { field: 'beneficiaries', description: 'Who benefits.', types: ['BENEFITS'], direction: 'OUT' },
    { field: 'arisesFrom', description: 'What it comes from.', types: ['ARISES_FROM'], direction: 'OUT' },
    topics,
  ],
};
