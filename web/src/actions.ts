import { ApiError } from './api.ts';
import { $ } from './state.ts';

let lastAction: (() => Promise<void>) | null = null;
let pending = 0;

/** Runs an API action with a visible loading state; on failure shows the error with a retry. */
export async function act(label: string, action: () => Promise<void>): Promise<void> {
  lastAction = action;
  pending += 1;
  $('busy').textContent = `${label}…`;
  try {
    await action();
    $('error').hidden = true;
  } catch (error) {
    $('error-text').textContent =
      error instanceof ApiError || error instanceof Error ? error.message : String(error);
    $('error').hidden = false;
  } finally {
    pending -= 1;
    if (pending === 0) $('busy').textContent = '';
  }
}

export function initRetry(): void {
  $('error-retry').addEventListener('click', () => {
    if (lastAction) void act('Retrying', lastAction);
  });
}
