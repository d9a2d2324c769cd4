import { ImportError } from './limits.ts';

export type Format = 'pdf' | 'docx' | 'html' | 'text' | 'image';

export interface Detected {
  format: Format;
  /** The extension the original is kept under: pdf, docx, html, md, txt, png, jpg, tif. */
  extension: string;
}

const startsWith = (bytes: Buffer, ...prefix: number[]) => prefix.every((byte, at) => bytes[at] === byte);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * What a file is, from its first bytes, never from its name: the name only tells Markdown from
 * plain text, which no byte can.
 */
export function detectFormat(bytes: Buffer, name: string): Detected {
  if (!bytes.length) throw new ImportError(name, 'is empty');
  if (bytes.subarray(0, 1024).includes('%PDF-')) return { format: 'pdf', extension: 'pdf' };
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return { format: 'docx', extension: 'docx' };
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47)) return { format: 'image', extension: 'png' };
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return { format: 'image', extension: 'jpg' };
  if (startsWith(bytes, 0x49, 0x49, 0x2a, 0x00) || startsWith(bytes, 0x4d, 0x4d, 0x00, 0x2a))
    return { format: 'image', extension: 'tif' };
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0))
    throw new ImportError(name, 'is an old Word (.doc) or Office file: save it as .docx and import that');
  if (bytes.subarray(0, 8192).includes(0))
    throw new ImportError(
      name,
      'is not a document this import reads (PDF, Word .docx, HTML, text, PNG, JPEG, TIFF)',
    );
  const head = bytes.subarray(0, 4096).toString('latin1').trimStart().toLowerCase();
  if (
    /^(?:\ufeff|ï»¿)?\s*<(?:!doctype html|html|head|body)\b/.test(head) ||
    /<(?:body|p|div)[\s>]/.test(head)
  )
    return { format: 'html', extension: 'html' };
  return { format: 'text', extension: /\.(?:md|markdown)$/i.test(name) ? 'md' : 'txt' };
}

/**
 * Text as UTF-8, or as TIS-620 (windows-874), the Thai encoding older files are saved in, when it
 * is not UTF-8 and mostly Thai bytes. A byte-order mark is dropped, line ends become \n.
 */
export function decodeText(bytes: Buffer, name: string): string {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    const thai = bytes.filter((byte) => byte >= 0xa1 && byte <= 0xfb).length;
    const high = bytes.filter((byte) => byte >= 0x80).length;
    if (thai < 0.9 * high) throw new ImportError(name, 'is neither UTF-8 nor Thai (TIS-620) text');
    text = new TextDecoder('windows-874').decode(bytes);
  }
  return text
    .replace(/^\uFEFF/u, '')
    .replace(/\r\n?/gu, '\n')
    .normalize('NFC');
}
