import { Worker } from 'node:worker_threads';
import { DomainError } from '../errors.ts';
import type { WorkerError, WorkerMethods } from './write-worker.ts';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * Calls the write worker (src/curation/write-worker.ts) from the server's thread. The thread
 * starts on the first call and holds the process open only while a call is out; if it dies, the
 * calls out fail and the next call starts another.
 */
export class WriteWorker {
  private worker?: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 0;

  call<M extends keyof WorkerMethods>(
    method: M,
    ...args: Parameters<WorkerMethods[M]>
  ): Promise<ReturnType<WorkerMethods[M]>> {
    const worker = this.started();
    const id = this.next++;
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      worker.postMessage({ id, method, args });
    });
  }

  /** Stops the thread; calls out fail. */
  async close(): Promise<void> {
    await this.worker?.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./write-worker.mjs', import.meta.url));
    worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: WorkerError }) => {
      const call = this.pending.get(id);
      this.pending.delete(id);
      if (!this.pending.size) worker.unref();
      if (!error) return call?.resolve(result);
      call?.reject(rebuilt(error));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const call of this.pending.values()) call.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the write worker stopped (exit code ${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

function rebuilt(error: WorkerError): Error {
  if (error.extensions) {
    const { code, ...details } = error.extensions;
    return new DomainError(code, error.message, details);
  }
  return Object.assign(new Error(error.message), { stack: error.stack });
}
