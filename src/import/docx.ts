import mammoth from 'mammoth';
import { ImportError } from './limits.ts';
import { checkedZipEntries } from './zip.ts';

/** The text of a Word (.docx) file by mammoth, one paragraph a line, once the zip is known safe. */
export async function readDocx(bytes: Buffer, name: string): Promise<string> {
  const entries = await checkedZipEntries(bytes, name);
  if (!entries.includes('word/document.xml'))
    throw new ImportError(name, 'is a zip file but not a Word document (no word/document.xml)');
  let value: string;
  try {
    ({ value } = await mammoth.extractRawText({ buffer: bytes }));
  } catch (error) {
    throw new ImportError(name, `is a damaged Word document: ${(error as Error).message}`);
  }
  return paragraphs(value.split('\n'));
}

/** Lines trimmed, blank ones dropped: one paragraph a line, as the sources in data/ are kept. */
export function paragraphs(lines: readonly string[]): string {
  return lines
    .map((line) => line.replace(/[ \t\u00A0]+/gu, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
