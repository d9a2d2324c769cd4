/** `work` did not settle in time: the database is frozen, or the network drops its packets. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
}

/** Resolves as `work` does, or rejects with DATABASE_UNAVAILABLE after `ms`; `work` is left to settle. */
export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DeadlineError(
            `The database did not answer within ${Math.ceil(ms / 1000)} s. Try again shortly.`,
          ),
        ),
      ms,
    );
  });
  // A late failure of abandoned work must not become an unhandled rejection.
  work.catch(() => {});
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
