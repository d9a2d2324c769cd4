/**
 * A fixed number of slots. A released slot goes straight to the next waiter, so no newcomer can
 * slip in between; a waiter gives up after its time, and past `maxWaiting` nobody may wait.
 */
export class Slots {
  private used = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly size: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
  ) {}

  /** Waits at most `ms` for a slot and returns its release; `refused` is the error otherwise. */
  async acquire(ms: number, refused: () => Error): Promise<() => void> {
    if (this.used < this.size) this.used += 1;
    else await this.wait(ms, refused);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.used -= 1;
    };
  }

  private wait(ms: number, refused: () => Error): Promise<void> {
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(refused());
    return new Promise((resolveTurn, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolveTurn();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(turn), 1);
        reject(refused());
      }, ms);
      this.waiting.push(turn);
    });
  }
}
