import { basename } from 'node:path';
import { isScope, scopes } from '../../auth/tokens.ts';
import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import type { WriteResult } from '../../curation/curator.ts';
import { userError } from '../../errors.ts';
import { AuditEventRef } from './audit-log.ts';
import { RankEnum } from './claims.ts';

/**
 * Curation: every mutation adds a source or edits one fact of one facts file, checks it as `kb:check` does, applies
 * it to the graph and appends an audit event (src/curation/curator.ts). Writes need the `curate`
 * scope; `dryRun: true` previews what would change and writes nothing.
 */

const WriteResultRef = builder.objectRef<WriteResult>('CurationResult').implement({
  description: 'What a write changed, and its audit event.',
  fields: (t) => ({
    dryRun: t.exposeBoolean('dryRun', { description: 'True for a preview: nothing was written.' }),
    event: t.field({ type: AuditEventRef, resolve: (r) => r.event }),
    fact: t.id({ resolve: (r) => r.event.fact }),
    version: t.exposeString('version', {
      nullable: true,
      description: "The fact's version now; pass it to the next write of it. Null when it was removed.",
    }),
    addedEntities: t.idList({ resolve: (r) => r.change.added.entities }),
    removedEntities: t.idList({ resolve: (r) => r.change.removed.entities }),
    addedRelations: t.idList({ resolve: (r) => r.change.added.relations }),
    removedRelations: t.idList({ resolve: (r) => r.change.removed.relations }),
    changedValues: t.field({
      type: 'JSON',
      description: 'Values shown that change: [{entity, property, before, after}].',
      resolve: (r) => r.change.changed,
    }),
  }),
});

const AddRelationInput = builder.inputType('AddRelationInput', {
  fields: (t) => ({
    type: t.string({ required: true, description: 'A relation type of the ontology, e.g. PROPOSED.' }),
    from: t.id({ required: true }),
    to: t.id({ required: true }),
    source: t.id({ required: true, description: 'The source that states it.' }),
    section: t.string({ required: true }),
    quote: t.string({ required: true, description: 'Verbatim from the source text.' }),
    qualifiers: t.field({
      type: 'JSON',
      required: false,
      description: 'e.g. {"role": "Chair", "date": "2024-02-01"}.',
    }),
    key: t.string({ required: false, description: 'Tells apart two relations that would share an id.' }),
  }),
});

const UpsertEntityInput = builder.inputType('UpsertEntityInput', {
  fields: (t) => ({
    source: t.id({ required: true }),
    id: t.id({ required: true }),
    type: t.string({ required: true, description: 'An entity type of the ontology, e.g. Organization.' }),
    section: t.string({ required: true }),
    quote: t.string({ required: true }),
    props: t.field({
      type: 'JSON',
      required: true,
      description: 'name, nameTh, aliases, kind… of the type.',
    }),
    version: t.string({
      required: false,
      description: 'Required to edit an entity the source already states.',
    }),
  }),
});

const CreateSourceInput = builder.inputType('CreateSourceInput', {
  description: 'A new document; its facts are added to it afterwards, each with a quote from `text`.',
  fields: (t) => ({
    id: t.id({
      required: true,
      description: 'Lower-case letters, digits and hyphens, e.g. cabinet-resolution-2024-07-09-adgmin4.',
    }),
    titleEn: t.string({ required: false, description: 'English title; this or titleTh is required.' }),
    titleTh: t.string({ required: false }),
    date: t.string({ required: true, description: 'YYYY-MM-DD.' }),
    issuer: t.string({ required: false, description: 'Who issued it, e.g. Cabinet of Thailand.' }),
    language: t.string({
      required: false,
      description: 'Default: th when the text has Thai script, else en.',
    }),
    url: t.string({ required: false }),
    text: t.string({ required: true, description: 'The full text, kept exactly as given.' }),
  }),
});

const ImportSourceInput = builder.inputType('ImportSourceInput', {
  description:
    'A document as a file (PDF, scan, image, Word .docx, web page, text or Markdown), read into a new source page by page, as `npm run kb:import` does.',
  fields: (t) => ({
    id: t.id({
      required: true,
      description: 'Lower-case letters, digits and hyphens, e.g. cabinet-resolution-2024-07-09-adgmin4.',
    }),
    titleEn: t.string({
      required: false,
      description: "English title; default: the document's own, or its file name.",
    }),
    titleTh: t.string({ required: false }),
    date: t.string({ required: true, description: 'YYYY-MM-DD.' }),
    issuer: t.string({ required: false }),
    language: t.string({
      required: false,
      description: 'Default: th when the text has Thai script, else en.',
    }),
    url: t.string({ required: false }),
    fileName: t.string({
      required: true,
      description: 'The file as it was named: it is recorded, and names it in errors.',
    }),
    content: t.string({
      required: true,
      description: "The file's bytes in base64, within the curation body limit (MAX_CURATION_BODY_BYTES).",
    }),
    allowMissingPages: t.boolean({
      required: false,
      description: 'Import even when some pages have no text any path can read; they are marked missing.',
    }),
  }),
});

function curator(ctx: Context) {
  if (!ctx.curator || !ctx.principal)
    throw userError('BAD_USER_INPUT', 'this server has no knowledge base to write to');
  return { curator: ctx.curator, actor: ctx.principal };
}

const write = { authScopes: { curate: true }, type: WriteResultRef } as const;

builder.mutationField('importSource', (t) =>
  t.field({
    ...write,
    description:
      'Reads a document file into a new source, page by page (text layers repaired, OCR where they fail), and keeps the original beside its text, as `npm run kb:import` does.',
    args: {
      input: t.arg({ type: ImportSourceInput, required: true }),
      dryRun: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, { input, dryRun }, ctx) => {
      const { curator: c, actor } = curator(ctx);
      const { fileName, content, allowMissingPages, ...request } = input;
      if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(content))
        throw userError('BAD_USER_INPUT', 'content must be the file in base64');
      const upload = {
        fileName: basename(fileName.replaceAll('\\', '/')).slice(0, 200) || 'upload',
        bytes: Buffer.from(content, 'base64'),
        allowMissingPages: allowMissingPages ?? false,
      };
      return c.importSource(actor, { ...request, id: String(request.id) }, upload, dryRun ?? false);
    },
  }),
);

builder.mutationField('createSource', (t) =>
  t.field({
    ...write,
    description: 'Adds a document: its text, its metadata and an empty facts file, as `npm run kb:new` does.',
    args: {
      input: t.arg({ type: CreateSourceInput, required: true }),
      dryRun: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, { input, dryRun }, ctx) => {
      const { curator: c, actor } = curator(ctx);
      return c.createSource(actor, { ...input, id: String(input.id) }, dryRun ?? false);
    },
  }),
);

builder.mutationField('addRelation', (t) =>
  t.field({
    ...write,
    description: 'States a relation in a source, with its citation.',
    args: {
      input: t.arg({ type: AddRelationInput, required: true }),
      dryRun: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, { input, dryRun }, ctx) => {
      const { curator: c, actor } = curator(ctx);
      return c.addRelation(
        actor,
        { ...input, qualifiers: input.qualifiers as Record<string, unknown> | null },
        dryRun ?? false,
      );
    },
  }),
);

builder.mutationField('upsertEntity', (t) =>
  t.field({
    ...write,
    description: 'States an entity in a source, or edits what the source says of it.',
    args: {
      input: t.arg({ type: UpsertEntityInput, required: true }),
      dryRun: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, { input, dryRun }, ctx) => {
      const { curator: c, actor } = curator(ctx);
      return c.upsertEntity(
        actor,
        { ...input, props: (input.props ?? {}) as Record<string, unknown> },
        dryRun ?? false,
      );
    },
  }),
);

builder.mutationField('retractFact', (t) =>
  t.field({
    ...write,
    description: 'Takes a fact (`<source>#<id>`) out of its source, with a reason.',
    args: {
      id: t.arg.id({ required: true }),
      reason: t.arg.string({ required: true }),
      version: t.arg.string({ required: false, description: 'The version it is based on.' }),
      dryRun: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, ctx) => {
      const { curator: c, actor } = curator(ctx);
      return c.retractFact(actor, args.id, args.reason, args.version, args.dryRun ?? false);
    },
  }),
);

builder.mutationField('setRank', (t) =>
  t.field({
    ...write,
    description: 'Ranks a claim (`<source>#<id>`): preferred wins, deprecated is never shown.',
    args: {
      claim: t.arg.id({ required: true }),
      rank: t.arg({ type: RankEnum, required: true }),
      version: t.arg.string({ required: false }),
      dryRun: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, ctx) => {
      const { curator: c, actor } = curator(ctx);
      return c.setRank(actor, args.claim, args.rank, args.version, args.dryRun ?? false);
    },
  }),
);

builder.mutationField('undo', (t) =>
  t.field({
    ...write,
    description: 'Reverts one audit event, if no write changed its fact since; audited itself.',
    args: { auditEventId: t.arg.id({ required: true }), dryRun: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) => {
      const { curator: c, actor } = curator(ctx);
      return c.undo(actor, args.auditEventId, args.dryRun ?? false);
    },
  }),
);

const ViewerRef = builder.objectRef<{ name: string; scopes: string[] }>('Viewer').implement({
  description: 'The token a request was sent with.',
  fields: (t) => ({
    name: t.exposeString('name'),
    scopes: t.exposeStringList('scopes', { description: 'curate, admin, follow.' }),
  }),
});

const FactRef = builder.objectRef<{ id: string; lines: string; version: string }>('Fact').implement({
  description: 'One entity or relation as its facts file states it.',
  fields: (t) => ({
    id: t.exposeID('id', { description: '`<source>#<entity or relation id>`.' }),
    version: t.exposeString('version', { description: 'Pass it to the next write of this fact.' }),
    lines: t.exposeString('lines', { description: 'Its lines in the facts file, as YAML.' }),
  }),
});

builder.queryFields((t) => ({
  fact: t.field({
    type: FactRef,
    nullable: true,
    description: 'A fact as its facts file states it now; null when the source does not state it.',
    args: {
      id: t.arg.id({ required: true, description: 'e.g. cabinet-resolution-2024-07-09-adgmin4#thailand.' }),
    },
    resolve: async (_root, { id }, ctx) => {
      const fact = await ctx.curator?.fact(String(id));
      return fact ? { id: String(id), ...fact } : null;
    },
  }),
  viewer: t.field({
    type: ViewerRef,
    nullable: true,
    description: "The request's token (`Authorization: Bearer`); null without one.",
    resolve: (_root, _args, ctx) => ctx.principal,
  }),
}));

const CreatedTokenRef = builder
  .objectRef<{ token: string; tokenId: string; name: string; scopes: string[] }>('CreatedToken')
  .implement({
    fields: (t) => ({
      token: t.exposeString('token', { description: 'Shown once: only its hash is kept.' }),
      id: t.exposeID('tokenId'),
      name: t.exposeString('name'),
      scopes: t.exposeStringList('scopes'),
    }),
  });

builder.mutationFields((t) => ({
  createToken: t.field({
    type: CreatedTokenRef,
    authScopes: { admin: true },
    description: 'Makes an API token (admin only), as `npm run token:create` does.',
    args: { name: t.arg.string({ required: true }), scopes: t.arg.stringList({ required: true }) },
    resolve: (_root, args, ctx) => {
      const granted = args.scopes.filter(isScope);
      if (!args.name.trim() || !granted.length || granted.length !== args.scopes.length)
        throw userError('BAD_USER_INPUT', `a token needs a name and scopes out of ${scopes.join(', ')}`);
      if (!ctx.tokens) throw userError('BAD_USER_INPUT', 'this server keeps no tokens');
      const { token, principal } = ctx.tokens.create(args.name.trim(), granted);
      return { token, ...principal };
    },
  }),
}));
