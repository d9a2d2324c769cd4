import { join } from 'node:path';
import { userError } from '../errors.ts';
import { readSourceMeta } from '../facts/source-files.ts';
import { type Box, quoteBoxes, renderPage } from '../import/page-view.ts';
import { Slots } from '../slots.ts';

/** An imported source's original, where the reader can show its pages. */
export interface Original {
  file: string;
  format: string;
  pages: number;
}

/**
 * The pages of imported originals for the reader: a page as an image, and where a quote is on it.
 * Both run poppler or Tesseract: two at a time, so pages cannot take the cores from readers.
 */
export class PageViews {
  private readonly slots = new Slots(2, 16);

  constructor(private readonly dataDir: string) {}

  /** The original of source `id` if it has pages (a PDF or an image), else undefined. */
  original(id: string): Original | undefined {
    const meta = readSourceMeta(id, this.dataDir);
    if (!meta?.original || !meta.pages || !['pdf', 'image'].includes(meta.original.format)) return undefined;
    return {
      file: join(this.dataDir, 'sources', meta.original.stored),
      format: meta.original.format,
      pages: meta.pages.length,
    };
  }

  /** Page `page` (from 1) of source `id` as a PNG; undefined when there is no such page. */
  async image(id: string, page: number): Promise<Buffer | undefined> {
    const original = this.original(id);
    if (!original || !Number.isSafeInteger(page) || page < 1 || page > original.pages) return undefined;
    return this.inTurn(() => renderPage(original.file, original.format, page));
  }

  /**
   * Where `quote` is on page `page`: from the text layer, or from OCR when the layer does not hold
   * it (a scan, or a page whose layer was too broken to use).
   */
  async boxes(original: Original, page: number, quote: string): Promise<Box[]> {
    return this.inTurn(async () => {
      const found =
        original.format === 'pdf' ? await quoteBoxes(original.file, original.format, page, false, quote) : [];
      return found.length ? found : quoteBoxes(original.file, original.format, page, true, quote);
    });
  }

  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.slots.acquire(30_000, () =>
      userError('SERVER_BUSY', 'Too many pages are being rendered at once. Retry in a moment.'),
    );
    try {
      return await work();
    } finally {
      release();
    }
  }
}
