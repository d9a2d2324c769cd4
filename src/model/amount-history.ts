import type { Resolved } from './claims.ts';
import { toCents } from './stored.ts';

/**
 * What `fundingSummary` sums of an entity (its amount, currency and year), as its claims resolved
 * on each source date where one of them changed, oldest first. The loader keeps it on the node as
 * `amountHistory`, a JSON string (src/loader/kept-dates.ts), so that money as of a day reads it
 * instead of every changed project's claim sets (src/stores/funding-as-of.ts).
 */
export type AmountStep = [date: string, cents: number | null, currency: string | null, year: number | null];

/** The summed values as of a day; null where none is claimed then. */
export interface AmountsThen {
  amountCents: number | null;
  currency: string | null;
  year: number | null;
}

/** Collects the steps from the resolutions of successive source dates (lastChange's `onDate`). */
export class AmountHistory {
  private readonly steps: AmountStep[] = [];

  add(date: string, resolved: Resolved) {
    const { amount, currency, year } = resolved.props;
    const step: AmountStep = [
      date,
      typeof amount === 'string' ? toCents(amount) : null,
      typeof currency === 'string' ? currency : null,
      typeof year === 'number' ? year : null,
    ];
    const last = this.steps.at(-1);
    const same = last && step.every((value, index) => index === 0 || value === last[index]);
    if (!same) this.steps.push(step);
  }

  /** The JSON kept on the node; null for an entity none of whose claims ever held any of the values. */
  kept(): string | null {
    const held = this.steps.some(([, ...values]) => values.some((value) => value !== null));
    return held ? JSON.stringify(this.steps) : null;
  }
}

/** The summed values on `day`, from a kept history (AmountHistory.kept). */
export function amountsOn(history: string, day: string): AmountsThen {
  const steps = JSON.parse(history) as AmountStep[];
  let then: AmountStep | undefined;
  for (const step of steps) if (step[0] <= day) then = step;
  const [, amountCents = null, currency = null, year = null] = then ?? [];
  return { amountCents, currency, year };
}
