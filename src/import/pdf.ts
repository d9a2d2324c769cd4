import { ImportError, type ImportLimits } from './limits.ts';
import { ocrPdfPage } from './ocr.ts';
import { pageQuality } from './quality.ts';
import { runTool, ToolError } from './run-tool.ts';
import { joinWrappedLines, repairThai } from './thai-repair.ts';

/** How a page's text was made. */
export type PagePath = 'text-layer' | 'repaired-text-layer' | 'ocr' | 'missing';

export interface Page {
  text: string;
  path: PagePath;
  /** pageQuality of the text kept (0 to 1). */
  quality: number;
  /** Why a page has no text, when it has none. */
  problem?: string;
}

/** A page whose text layer scores below this is read again by OCR. */
export const QUALITY_GATE = 0.97;

/**
 * Reads a PDF page by page with poppler: its text layer, repaired (src/import/thai-repair.ts),
 * and OCR for every page the repaired layer leaves below the quality gate, scans included.
 * `name` is the file as the user named it, for errors.
 */
export async function readPdf(
  file: string,
  name: string,
  limits: ImportLimits,
  onPage: (number: number, page: Page) => void = () => {},
): Promise<Page[]> {
  const count = await pageCount(file, name, limits);
  let layer: string[];
  try {
    const { stdout } = await runTool('pdftotext', ['-enc', 'UTF-8', file, '-'], {
      timeoutMs: 30_000 + 100 * count,
    });
    layer = stdout.toString('utf8').split('\f');
  } catch (error) {
    throw new ImportError(name, `its text could not be read: ${(error as Error).message}`);
  }
  const deadline = performance.now() + limits.ocrFileMs;
  const pages: Page[] = [];
  for (let number = 1; number <= count; number += 1) {
    const page = await readPage(file, number, layer[number - 1] ?? '', limits, deadline);
    onPage(number, page);
    pages.push(page);
  }
  return pages;
}

async function readPage(
  file: string,
  number: number,
  raw: string,
  limits: ImportLimits,
  deadline: number,
): Promise<Page> {
  const repaired = repairThai(raw);
  const text = joinWrappedLines(repaired.split('\n'));
  const quality = pageQuality(text);
  const fromLayer: Page = { text, path: repaired === raw ? 'text-layer' : 'repaired-text-layer', quality };
  if (quality >= QUALITY_GATE) return fromLayer;
  const left = deadline - performance.now();
  if (left <= 0)
    return missingOr(fromLayer, 'the OCR time budget of the file (KB_OCR_FILE_SECONDS) is spent');
  try {
    const ocr = await ocrPdfPage(file, number, Math.min(limits.ocrPageMs, left));
    const ocrQuality = pageQuality(ocr);
    if (ocr && ocrQuality >= quality) return { text: ocr, path: 'ocr', quality: ocrQuality };
    return missingOr(fromLayer, 'OCR found no text on it');
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    return missingOr(fromLayer, error.timedOut ? 'OCR took longer than KB_OCR_PAGE_SECONDS' : error.message);
  }
}

/** A text layer that is poor but not empty beats nothing; an empty one is a missing page. */
function missingOr(layer: Page, problem: string): Page {
  return layer.text.trim() ? layer : { text: '', path: 'missing', quality: 0, problem };
}

async function pageCount(file: string, name: string, limits: ImportLimits): Promise<number> {
  let info: string;
  try {
    info = (await runTool('pdfinfo', [file], { timeoutMs: 30_000 })).stdout.toString('utf8');
  } catch (error) {
    const stderr = error instanceof ToolError ? error.stderr : '';
    if (/incorrect password|encrypted/i.test(stderr))
      throw new ImportError(name, 'is an encrypted PDF that needs a password; import an unprotected copy');
    const first = stderr.split('\n').find((line) => line.trim()) ?? (error as Error).message;
    throw new ImportError(name, `is not a readable PDF (damaged or cut short): ${first}`);
  }
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  if (!pages) throw new ImportError(name, 'is a PDF with no pages');
  if (pages > limits.maxPages)
    throw new ImportError(
      name,
      `has ${pages} pages, over the limit of ${limits.maxPages} (KB_MAX_IMPORT_PAGES)`,
    );
  return pages;
}
