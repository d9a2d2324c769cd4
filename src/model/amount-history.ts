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

/**
 * The summed values on `day`, from a kept history (AmountHistory.kept); null when what is kept is
 * not a history of this shape (then the project is re-resolved from its claims).
 */
export function amountsOn(history: unknown, day: string): AmountsThen | null {
  const steps = parsedSteps(history);
  if (!steps) return null;
  let then: AmountStep | undefined;
  for (const step of steps) if (step[0] <= day) then = step;
  const [, amountCents = null, currency = null, year = null] = then ?? [];
  return { amountCents, currency, year };
}

function parsedSteps(history: unknown): AmountStep[] | null {
  if (typeof history !== 'string') return null;
  let steps: unknown;
  try {
    steps = JSON.parse(history);
  } catch {
    return null;
  }
  const isStep = (step: unknown) =>
    Array.isArray(step) &&
    step.length === 4 &&
    typeof step[0] === 'string' &&
    (step[1] === null || typeof step[1] === 'number') &&
    (step[2] === null || typeof step[2] === 'string') &&
    (step[3] === null || typeof step[3] === 'number');
  return Array.isArray(steps) && steps.every(isStep) ? (steps as AmountStep[]) : null;
}
