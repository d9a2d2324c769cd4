/**
 * Citations for a report (docs/design/citations.md): a fact, or a path hop by hop, with each source's
 * title, date and section and the verbatim quote in its language, as Markdown with footnotes,
 * plain text or CSL-JSON for reference managers. Pure: the resolvers gather the sources.
 */

export const citationFormats = ['MARKDOWN', 'TEXT', 'CSL_JSON'] as const;
export type CitationFormat = (typeof citationFormats)[number];

export interface CitedSource {
  id: string;
  title: string;
  titleTh: string | null;
  /** ISO date. */
  date: string | null;
  issuer: string | null;
  url: string | null;
  language: string | null;
}

/** One claim to cite (a relation, an entity), with every source that states it. */
export interface CitedClaim {
  /** In words: "Thailand —ATTENDED→ 4th ASEAN Digital Ministers' Meeting". */
  claim: string;
  evidence: Array<{ source: CitedSource; section: string | null; quote: string }>;
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

const dateOf = (iso: string | null) => (iso ? dateFormat.format(new Date(`${iso}T00:00:00Z`)) : null);

/** "Title (9 July 2024), section 2.1.3: “quote”", the parts a source lacks left out. */
function reference(evidence: CitedClaim['evidence'][number], markdown: boolean): string {
  const { source, section, quote } = evidence;
  const title = markdown ? `*${source.title}*` : source.title;
  const date = dateOf(source.date);
  const parts = [`${title}${date ? ` (${date})` : ''}`];
  if (section) parts.push(`section ${section}`);
  const url = source.url ? (markdown ? ` <${source.url}>` : ` ${source.url}`) : '';
  return `${parts.join(', ')}: “${quote}”.${url}`;
}

/** Markdown: each claim a line with one footnote, which lists every source that states it. */
function markdown(claims: CitedClaim[]): string {
  const numbered = claims.length > 1;
  const lines = claims.map(
    (claim, index) => `${numbered ? `${index + 1}. ` : ''}${claim.claim}[^${index + 1}]`,
  );
  const notes = claims.map(
    (claim, index) =>
      `[^${index + 1}]: ${claim.evidence.map((evidence) => reference(evidence, true)).join(' Also: ')}`,
  );
  return `${lines.join('\n')}\n\n${notes.join('\n')}\n`;
}

function text(claims: CitedClaim[]): string {
  return `${claims
    .map(
      (claim) =>
        `${claim.claim}\n${claim.evidence.map((evidence) => `  Source: ${reference(evidence, false)}`).join('\n')}`,
    )
    .join('\n')}\n`;
}

/**
 * CSL-JSON: one item per citation (a source, with the section as its locator and the quote as its
 * note), in claim order, so that a reference manager keeps what each hop rests on.
 */
function cslJson(claims: CitedClaim[]): string {
  const items = claims.flatMap((claim, hop) =>
    claim.evidence.map((evidence, index) => {
      const { source } = evidence;
      const [year, month, day] = (source.date ?? '').split('-').map(Number);
      return {
        id: `${source.id}-${hop + 1}-${index + 1}`,
        type: 'document',
        title: source.title,
        ...(source.titleTh ? { 'original-title': source.titleTh } : {}),
        ...(source.issuer ? { publisher: source.issuer, authority: source.issuer } : {}),
        ...(year ? { issued: { 'date-parts': [[year, month, day].filter(Boolean)] } } : {}),
        ...(source.url ? { URL: source.url } : {}),
        ...(source.language ? { language: source.language } : {}),
        ...(evidence.section ? { section: evidence.section } : {}),
        note: `${claim.claim}: “${evidence.quote}”`,
      };
    }),
  );
  return JSON.stringify(items, null, 2);
}

export function formatCitation(claims: CitedClaim[], format: CitationFormat): string {
  if (format === 'MARKDOWN') return markdown(claims);
  if (format === 'TEXT') return text(claims);
  return cslJson(claims);
}
