import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { repositoryDataDir } from '../../src/facts/source-files.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's copy of data/ (also in KB_DATA_DIR). */
    kbDataDir: string;
  }
}

/**
 * One copy of data/ for the whole run, in KB_DATA_DIR: workers and the scripts tests spawn inherit
 * it, and `dataDir` (src/facts/source-files.ts) defaults to it, so no test reads or writes the real
 * knowledge base, whatever a curator or a draft source left there. Every project names this setup;
 * the first copies, the others find the copy in the root context.
 */
export default function setup(project: TestProject) {
  const { vitest } = project;
  const root = vitest.getRootProject();
  const made = root.getProvidedContext().kbDataDir;
  if (made) {
    process.env.KB_DATA_DIR = made;
    return;
  }
  const run = mkdtempSync(join(tmpdir(), 'policy-graph-kb-'));
  const copy = join(run, 'data');
  cpSync(repositoryDataDir, copy, { recursive: true });
  process.env.KB_DATA_DIR = copy;
  vitest.provide('kbDataDir', copy);
  return () => rmSync(run, { recursive: true, force: true });
}
