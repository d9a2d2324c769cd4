/** What every suggestion has (issue 34's fixed fields): where, the words, the entity, how sure and why. */
export interface FixedFields {
  /** UTF-16 offsets into the source text, as citations use. */
  start: number;
  end: number;
  text: string;
  /** An entity id. */
  entity: string;
  score: number;
  /** Which name, alias or rule matched, in words. */
  why: string;
}
