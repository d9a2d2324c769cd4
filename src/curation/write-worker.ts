import { parentPort } from 'node:worker_threads';
import { DomainError } from '../errors.ts';
import { ScopedChecker } from '../facts/scoped-check.ts';
import { checkFiles, factOf, prepareEdit, statedCount } from './prepare.ts';

/**
 * The write worker's side (src/curation/write-worker-client.ts is the server's): it parses,
 * edits and checks facts files, and keeps what it parsed, so the server's thread only writes.
 * It answers one call at a time, in order; the writer sends one at a time anyway.
 */
const checker = new ScopedChecker();

export const workerMethods = {
  prepareEdit: (...args: DropFirst<Parameters<typeof prepareEdit>>) => prepareEdit(checker, ...args),
  checkFiles: (...args: DropFirst<Parameters<typeof checkFiles>>) => checkFiles(checker, ...args),
  factOf,
  statedCount,
};

export type WorkerMethods = typeof workerMethods;
type DropFirst<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;

/** An error as it crosses the thread: a DomainError keeps its code and details. */
export interface WorkerError {
  message: string;
  stack?: string;
  extensions?: DomainError['extensions'];
}

parentPort?.on(
  'message',
  ({ id, method, args }: { id: number; method: keyof WorkerMethods; args: unknown[] }) => {
    try {
      const run = workerMethods[method] as (...args: unknown[]) => unknown;
      parentPort?.postMessage({ id, result: run(...args) });
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      const sent: WorkerError = {
        message: error.message,
        stack: error.stack,
        ...(error instanceof DomainError ? { extensions: error.extensions } : {}),
      };
      parentPort?.postMessage({ id, error: sent });
    }
  },
);
