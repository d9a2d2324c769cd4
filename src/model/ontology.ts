/**
 * The graph model: node types with their typed attributes, and relationship types with the
 * qualifiers they may carry. The validator, the loader and the GraphQL types all read it;
 * docs/design/ontology.md explains it with examples.
 */

export type PropKind = 'string' | 'strings' | 'date' | 'decimal' | 'integer' | 'boolean';

export interface EntityTypeDef {
  description: string;
  props: Record<string, PropKind>;
  /** Allowed values of `kind`, when the type has one. */
  kinds?: readonly string[];
}

/** Attributes every entity has. */
export const commonProps: Record<string, PropKind> = {
  name: 'string',
  nameTh: 'string',
  aliases: 'strings',
  description: 'string',
  descriptionTh: 'string',
};

export const entityTypes = {
  Source: {
    description: 'A document facts are taken from, e.g. a Cabinet resolution.',
    props: { date: 'date', issuer: 'string', language: 'string', url: 'string', file: 'string' },
  },
  Country: {
    description: 'A sovereign state.',
    props: { iso2: 'string' },
  },
  Organization: {
    description: 'A ministry, intergovernmental or regional body, agency, government or operations centre.',
    props: { kind: 'string', founded: 'integer' },
    kinds: [
      'ministry',
      'intergovernmental-body',
      'regional-body',
      'ministerial-body',
      'senior-officials-body',
      'regulators-council',
      'agency',
      'government',
      'cabinet',
      'operations-centre',
      'international-organization',
      'supranational-union',
    ],
  },
  Person: {
    description: 'A named person.',
    props: { honorific: 'string' },
  },
  Meeting: {
    description: 'A meeting: ministerial, senior officials, working group, cabinet or bilateral.',
    props: {
      kind: 'string',
      ordinal: 'integer',
      startDate: 'date',
      endDate: 'date',
      datePrecision: 'string',
      city: 'string',
      status: 'string',
    },
    kinds: ['ministerial', 'senior-officials', 'working-group', 'cabinet', 'bilateral', 'dialogue-partner'],
  },
  WorkingGroup: {
    description: 'A standing group set up to work on one problem.',
    props: { kind: 'string', status: 'string' },
  },
  Agreement: {
    description: 'An MOU, declaration, joint statement or partnership agreement.',
    props: { kind: 'string', binding: 'boolean', status: 'string', date: 'date' },
    kinds: ['mou', 'declaration', 'joint-statement', 'partnership-agreement'],
  },
  Document: {
    description: 'A guide, report, framework, standard, financial model or other written output.',
    props: { kind: 'string', status: 'string', phase: 'integer', startYear: 'integer', endYear: 'integer' },
    kinds: [
      'guide',
      'report',
      'framework',
      'standard',
      'terms-of-reference',
      'financial-model',
      'regulatory-sandbox',
      'assessment',
      'cooperation-document',
      'resolution',
    ],
  },
  WorkPlan: {
    description: 'A digital work plan between ASEAN and a dialogue partner for a year or period.',
    props: { year: 'integer', startYear: 'integer', endYear: 'integer', status: 'string' },
  },
  Initiative: {
    description: 'A programme, roadmap or proposed initiative.',
    props: { kind: 'string', status: 'string' },
  },
  Fund: {
    description: 'A pool of money that finances projects.',
    props: { foundedYear: 'integer', contributions: 'decimal', currency: 'string' },
  },
  FundApproval: {
    description: "A fund's approval of a set of projects for one year, with its count and total.",
    props: { year: 'integer', projectCount: 'integer', amount: 'decimal', currency: 'string' },
  },
  FundAllocation: {
    description: 'What one recipient has received from a fund over time, as the source totals it.',
    props: { asOfYear: 'integer', projectCount: 'integer', amount: 'decimal', currency: 'string' },
  },
  Project: {
    description: 'A funded project.',
    props: { amount: 'decimal', currency: 'string', year: 'integer', status: 'string' },
  },
  Policy: {
    description: 'A law, decree or national policy.',
    props: { kind: 'string', year: 'integer' },
    kinds: ['law', 'emergency-decree', 'national-policy'],
  },
  Topic: {
    description: 'A subject of cooperation, e.g. cybersecurity or artificial intelligence.',
    props: {},
  },
  DigitalService: {
    description: 'A public digital service or application.',
    props: { kind: 'string' },
  },
  Amendment: {
    description: 'A change made to a numbered paragraph of an agreement.',
    props: { paragraph: 'integer', addedWording: 'string' },
  },
  Commitment: {
    description: 'Something one or both sides of a talk said they would do.',
    props: { status: 'string' },
  },
  Benefit: {
    description: 'A benefit or impact the source expects.',
    props: {},
  },
} as const satisfies Record<string, EntityTypeDef>;

export type EntityType = keyof typeof entityTypes;

/** Allowed values of `status`, on every type that has one: where a meeting, document or plan stands. */
export const statuses = [
  'proposed',
  'concept-to-be-developed',
  'concept-endorsed',
  'under-consideration',
  'draft',
  'planned',
  'postponed',
  'in-progress',
  'ongoing',
  'held',
  'offered',
  'agreed',
  'approved',
  'adopted',
  'established',
  'in-force',
  'implemented',
  'to-be-renewed',
  'completed',
  'cancelled',
] as const;

/** Qualifiers any relationship may carry, where the text gives them. */
export const qualifierKinds: Record<string, PropKind> = {
  date: 'date',
  startDate: 'date',
  endDate: 'date',
  role: 'string',
  amount: 'decimal',
  currency: 'string',
  paragraph: 'integer',
  ordinal: 'integer',
  year: 'integer',
  note: 'string',
};

export const relationTypes = {
  MEMBER_OF: 'A country or body belongs to an organisation.',
  PART_OF: 'A body or meeting is part of a larger one.',
  HOLDS_ROLE: 'A person holds a position in an organisation (qualifier: role).',
  REPRESENTS: 'A body or person acts for a country.',
  CHAIRED: 'A person or country chaired a meeting.',
  ATTENDED: 'A country, body or person took part in a meeting (qualifier: role).',
  HOSTED_BY: 'A meeting is hosted by a country.',
  SUBMITTED: 'A body put a matter before a meeting.',
  PROPOSED: 'A country or body proposed something.',
  SUPPORTED: 'A party supported a proposal, initiative or topic.',
  ESTABLISHED: 'A party set up a body, fund or working group.',
  ISSUED: 'A government or body issued a policy or document.',
  PRESENTED: 'A party presented a policy or document at a meeting.',
  ADOPTED: 'A meeting adopted an agreement, work plan or document.',
  APPROVED: 'A meeting approved a document, draft or budget.',
  ACKNOWLEDGED: 'A meeting took note of a result, document or progress report.',
  ENDORSED: 'A meeting or statement endorsed a proposal or agreed to develop it.',
  WELCOMED: 'A meeting or statement welcomed an initiative.',
  PRODUCED: 'A meeting produced an outcome document.',
  AMENDS: 'An amendment changes a paragraph of an agreement (qualifier: paragraph).',
  PARTY_TO: 'A party is a signatory or participant of an agreement, work plan or initiative.',
  GOVERNED_BY: 'A working group or body works under a framework document.',
  MEETING_OF: 'A meeting is a session of a working group or body.',
  FUNDED_BY: 'A project or approval is financed by a fund.',
  INCLUDES: 'An approval or allocation includes a project.',
  AWARDED_TO: 'A project, approval or allocation goes to a recipient country.',
  CONTRIBUTED_TO: 'A party paid into a fund.',
  ADDRESSES: 'Something deals with a topic.',
  HAS_PILLAR: 'A policy rests on a pillar (qualifier: ordinal).',
  DISCUSSED: 'A talk or meeting discussed a topic.',
  COMMITTED: 'A talk produced a commitment.',
  CONCERNS: 'A talk or commitment concerns an agreement, body, initiative or service.',
  REFERENCES: 'A document or amendment refers to a body, instrument or initiative.',
  UNDER: 'A project or approval falls under the framework of a body.',
  COMMITTED_BY: 'The party that made a commitment.',
  PROVIDES: 'A government provides a digital service.',
  BENEFITS: 'A benefit accrues to a party.',
  ARISES_FROM: 'A benefit arises from a meeting, body or role.',
  CONSIDERING_JOINING: 'A country is considering joining an agreement.',
  RESULT_OF: 'A talk or outcome came out of a larger meeting.',
} as const satisfies Record<string, string>;

export type RelationType = keyof typeof relationTypes;

export function isEntityType(value: string): value is EntityType {
  return Object.hasOwn(entityTypes, value);
}

export function isRelationType(value: string): value is RelationType {
  return Object.hasOwn(relationTypes, value);
}

/** Every attribute an entity of `type` may have, common ones included. */
export function propsOf(type: EntityType): Record<string, PropKind> {
  return { ...commonProps, ...entityTypes[type].props };
}

/**
 * `record[name]` when `name` is the record's own key. A plain lookup answers every name an object
 * inherits too (`constructor`, `toString`, `__proto__`…), which would pass them as ontology names.
 */
export function ownValue<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** The kind of the attribute `name` of an entity of `type`; undefined when the type has no such attribute. */
export function propKindOf(type: EntityType, name: string): PropKind | undefined {
  return ownValue(commonProps, name) ?? ownValue<PropKind>(entityTypes[type].props, name);
}

/** The kind of the relationship qualifier `name`; undefined when there is none. */
export function qualifierKindOf(name: string): PropKind | undefined {
  return ownValue(qualifierKinds, name);
}

/** Whether `name` is an attribute of some entity type: what claims can be about. */
export function isPropertyName(name: string): boolean {
  return Object.keys(entityTypes).some((type) => propKindOf(type as EntityType, name) !== undefined);
}

/**
 * A relation that takes one value per entity of these types: the entity is at `at` (its start or
 * its end) and one entity is at the other end, e.g. a meeting's host country. Where sources name
 * different ones, the relation is a conflict of the entity and one value is shown (docs/design/claims.md).
 */
export interface SingleValued {
  relation: RelationType;
  at: 'from' | 'to';
  types: readonly EntityType[];
}

export const singleValued: readonly SingleValued[] = [
  { relation: 'HOSTED_BY', at: 'from', types: ['Meeting'] },
  { relation: 'CHAIRED', at: 'to', types: ['Meeting'] },
  { relation: 'MEETING_OF', at: 'from', types: ['Meeting'] },
  { relation: 'GOVERNED_BY', at: 'from', types: ['WorkingGroup'] },
  { relation: 'FUNDED_BY', at: 'from', types: ['FundApproval', 'FundAllocation', 'Project'] },
  { relation: 'APPROVED', at: 'to', types: ['FundApproval'] },
  { relation: 'AWARDED_TO', at: 'from', types: ['FundAllocation'] },
  { relation: 'ISSUED', at: 'to', types: ['Policy'] },
  { relation: 'AMENDS', at: 'from', types: ['Amendment'] },
  { relation: 'COMMITTED', at: 'to', types: ['Commitment'] },
];

/** The single-valued relations of an entity of `type`. */
export function singleValuedOf(type: string): SingleValued[] {
  return singleValued.filter((spec) => (spec.types as readonly string[]).includes(type));
}
