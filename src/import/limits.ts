import { integer } from '../config.ts';

/** What one import may cost: the file's size, its pages, and the time OCR may take. */
export interface ImportLimits {
  maxBytes: number;
  maxPages: number;
  ocrPageMs: number;
  ocrFileMs: number;
}

export function importLimits(env: NodeJS.ProcessEnv = process.env): ImportLimits {
  return {
    maxBytes: integer(env.KB_MAX_IMPORT_BYTES, 64 * 1024 * 1024, 'KB_MAX_IMPORT_BYTES', 1),
    maxPages: integer(env.KB_MAX_IMPORT_PAGES, 500, 'KB_MAX_IMPORT_PAGES', 1),
    ocrPageMs: 1000 * integer(env.KB_OCR_PAGE_SECONDS, 60, 'KB_OCR_PAGE_SECONDS', 1),
    ocrFileMs: 1000 * integer(env.KB_OCR_FILE_SECONDS, 1800, 'KB_OCR_FILE_SECONDS', 1),
  };
}

/** An import that cannot go on: the file and what is wrong with it. Nothing has been written. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}
