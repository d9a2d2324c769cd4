/** Polls `find` every 20 ms until it gives a value, or fails after `ms` naming `what` it waited for. */
export async function until<T>(
  find: () => T | undefined | Promise<T | undefined>,
  ms: number,
  what = 'the condition',
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
