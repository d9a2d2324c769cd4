import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { type NewSource, newSourceFiles } from '../facts/new-source.ts';
import { hasThai } from '../search/text.ts';
import { type Detected, decodeText, detectFormat } from './detect.ts';
import { readDocx } from './docx.ts';
import { decodeHtml, readHtml } from './html.ts';
import { ImportError, type ImportLimits } from './limits.ts';
import { ocrImage } from './ocr.ts';
import { type Page, type PagePath, readPdf } from './pdf.ts';
import { pageQuality } from './quality.ts';

/** Where a page starts in the text, how its text was made, and how readable it is. */
export interface PageEntry {
  start: number;
  path: PagePath;
  quality: number;
}

/** A file read into text: what the meta records of it, and the text a source keeps. */
export interface ImportedDocument extends Detected {
  text: string;
  /** The document's own title (an HTML page's), if it has one. */
  title: string | null;
  /** One entry a page, for PDFs and images; null for formats without pages. */
  pages: PageEntry[] | null;
  sha256: string;
  bytes: number;
}

export interface ReadOptions {
  limits: ImportLimits;
  /** Import even when some pages have no text; they are named in the meta as `missing`. */
  allowMissingPages?: boolean;
  onPage?: (number: number, page: Page) => void;
}

/**
 * Reads a document from its bytes, whatever its kind (src/import/detect.ts): text and Markdown
 * as they are, a web page's main text, a Word file's paragraphs, a PDF page by page (its text
 * layer repaired, OCR where that is not enough), an image by OCR. `name` names the file in errors.
 * Throws ImportError, with nothing written, when the file cannot be read whole.
 */
export async function readDocument(
  bytes: Buffer,
  name: string,
  options: ReadOptions,
): Promise<ImportedDocument> {
  const { limits } = options;
  if (bytes.length > limits.maxBytes)
    throw new ImportError(
      name,
      `is ${bytes.length} bytes, over the limit of ${limits.maxBytes} (KB_MAX_IMPORT_BYTES)`,
    );
  const detected = detectFormat(bytes, name);
  const known = {
    ...detected,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
  };
  let text: string;
  let title: string | null = null;
  switch (detected.format) {
    case 'text':
      text = decodeText(bytes, name);
      break;
    case 'html':
      ({ text, title } = readHtml(decodeHtml(bytes)));
      break;
    case 'docx':
      text = await readDocx(bytes, name);
      break;
    default: {
      const pages = await withFile(bytes, detected.extension, (file) =>
        detected.format === 'pdf'
          ? readPdf(file, name, limits, options.onPage)
          : readImage(file, limits, options),
      );
      return { ...known, ...joinPages(pages, name, options.allowMissingPages ?? false), title };
    }
  }
  if (!text.trim()) throw new ImportError(name, 'has no text');
  return { ...known, text, title, pages: null };
}

async function readImage(file: string, limits: ImportLimits, options: ReadOptions): Promise<Page[]> {
  let page: Page;
  try {
    const text = await ocrImage(file, Math.min(limits.ocrPageMs, limits.ocrFileMs));
    page = text
      ? { text, path: 'ocr', quality: pageQuality(text) }
      : { text, path: 'missing', quality: 0, problem: 'OCR found no text on it' };
  } catch (error) {
    page = { text: '', path: 'missing', quality: 0, problem: (error as Error).message };
  }
  options.onPage?.(1, page);
  return [page];
}

/** The pages' texts, one after another on lines of their own, and where each begins. */
function joinPages(pages: Page[], name: string, allowMissing: boolean): { text: string; pages: PageEntry[] } {
  const missing = pages.flatMap((page, index) =>
    page.path === 'missing' ? [`page ${index + 1} (${page.problem})`] : [],
  );
  if (missing.length === pages.length)
    throw new ImportError(name, `has no page any path can read: ${missing.join(', ')}`);
  if (missing.length && !allowMissing)
    throw new ImportError(
      name,
      `no path can read ${missing.join(', ')}; import with --allow-missing-pages to keep the other pages`,
    );
  let text = '';
  const entries = pages.map((page) => {
    if (text && page.text && !text.endsWith('\n')) text += '\n';
    const entry = { start: text.length, path: page.path, quality: page.quality };
    text += page.text;
    return entry;
  });
  return { text, pages: entries };
}

async function withFile<T>(bytes: Buffer, extension: string, work: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'kb-import-'));
  try {
    const file = join(dir, `original.${extension}`);
    writeFileSync(file, bytes);
    return await work(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a curator says of an imported document; the text comes from the document. */
export type ImportRequest = Omit<NewSource, 'text'>;

/**
 * The files of an imported source: its text, its metadata (recording the original and its page
 * map) and an empty facts file, as `kb:new` writes them, and the original kept beside the text.
 * With no title given, the document's own (an HTML page's) or its file name is the title.
 */
export function importedSourceFiles(
  document: ImportedDocument,
  request: ImportRequest,
  fileName: string,
  bytes: Buffer,
  dir: string,
): { files: Map<string, string>; original: { file: string; bytes: Buffer } } {
  const given = request.titleEn?.trim() || request.titleTh?.trim();
  const title = document.title ?? basename(fileName, extname(fileName));
  const stored = `${request.id}.${document.extension}`;
  const files = newSourceFiles(
    {
      ...request,
      ...(given ? {} : hasThai(title) ? { titleTh: title } : { titleEn: title }),
      text: document.text,
    },
    dir,
    {
      original: {
        file: fileName,
        format: document.format,
        sha256: document.sha256,
        bytes: document.bytes,
        stored,
      },
      ...(document.pages ? { pages: document.pages } : {}),
    },
  );
  return { files, original: { file: join(dir, 'sources', stored), bytes } };
}
