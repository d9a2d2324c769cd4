import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceCheck } from './cross-check.ts';
import { factsFileOf, type ReadOptions, readSource } from './source-files.ts';
import { maxFactsBytes } from './utf8-file.ts';

/** A source as read and checked on its own, under the content key it was read with. */
interface Entry {
  key: string;
  check: SourceCheck;
}

const hash = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/**
 * Sources as `readSource` reads and validates them, kept by the content of their three files:
 * a write re-reads only the files it changes, not every source. A file's hash is remembered by
 * its size, mtime and inode, so an unchanged file is not even read; a file rewritten with the
 * text a write checked (the usual case) is read and hashed, but not parsed again.
 */
export class SourceCache {
  /** Two entries a source at most: what the disk holds, and what a write is checking. */
  private readonly entries = new Map<string, Entry[]>();
  private readonly hashes = new Map<string, { stamp: string; hash: string }>();

  /** A string that changes whenever one of the source's files does (or `files` edits one). */
  keyOf(id: string, dir: string, files?: ReadOptions['files']): string {
    return filesOf(id, dir)
      .map((file) => {
        const edited = files?.get(file);
        if (edited !== undefined) return edited === null ? 'gone' : hash(edited);
        return this.hashOf(file);
      })
      .join(':');
  }

  /** The source checked on its own, as `readSource` gives it; callers may add problems to the copy. */
  read(id: string, dir: string, options: ReadOptions = {}): SourceCheck {
    const key = this.keyOf(id, dir, options.files);
    const slot = `${dir}\0${id}`;
    const entries = this.entries.get(slot) ?? [];
    let entry = entries.find((candidate) => candidate.key === key);
    if (!entry) {
      entry = { key, check: { id, file: factsFileOf(id, dir), ...readSource(id, dir, options) } };
      this.entries.set(slot, [entry, ...entries].slice(0, 2));
    }
    return { ...entry.check, problems: [...entry.check.problems] };
  }

  private hashOf(file: string): string {
    if (!existsSync(file)) return 'missing';
    const { size, mtimeMs, ino } = statSync(file);
    // Too large to read: readSource reports it without reading it either.
    if (size > maxFactsBytes()) return `large-${size}-${mtimeMs}`;
    const stamp = `${size}:${mtimeMs}:${ino}`;
    const known = this.hashes.get(file);
    if (known?.stamp === stamp) return known.hash;
    const value = hash(readFileSync(file));
    this.hashes.set(file, { stamp, hash: value });
    return value;
  }
}

function filesOf(id: string, dir: string): string[] {
  return [join(dir, 'sources', `${id}.meta.yaml`), join(dir, 'sources', `${id}.txt`), factsFileOf(id, dir)];
}
