import yauzl from 'yauzl';
import { ImportError } from './limits.ts';

/** What a Word file may hold once inflated; a real one is far smaller, a zip bomb far larger. */
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;
const MAX_ENTRIES = 10_000;

/**
 * The names of a zip's entries, after inflating every one with yauzl, which stops an entry the
 * moment it grows past the size its header gives: a zip bomb (a small file that inflates to
 * gigabytes, or headers that lie about the size) is refused before anything else reads it.
 */
export async function checkedZipEntries(bytes: Buffer, name: string): Promise<string[]> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true });
  } catch (error) {
    throw new ImportError(name, `is not a readable zip (Word) file: ${(error as Error).message}`);
  }
  if (zip.entryCount > MAX_ENTRIES)
    throw new ImportError(name, `holds ${zip.entryCount} files, over the limit of ${MAX_ENTRIES}`);
  const names: string[] = [];
  let inflated = 0;
  try {
    await eachEntry(zip, async (entry) => {
      inflated += entry.uncompressedSize;
      if (inflated > MAX_INFLATED_BYTES)
        throw new ImportError(
          name,
          `inflates to more than ${MAX_INFLATED_BYTES / 1024 / 1024} MiB (a zip bomb?); it is not read`,
        );
      names.push(entry.fileName);
      if (!entry.fileName.endsWith('/')) for await (const _ of await zip.openReadStreamPromise(entry));
    });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(name, `is a damaged zip (Word) file: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
  return names;
}

/** Runs `read` on each entry in turn. */
function eachEntry(zip: yauzl.ZipFile, read: (entry: yauzl.Entry) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => read(entry).then(() => zip.readEntry(), reject));
    zip.readEntry();
  });
}
