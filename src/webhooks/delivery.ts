import { createHmac, randomUUID } from 'node:crypto';
import { mayDeliver } from './address.ts';
import type { DeliveryLog } from './delivery-log.ts';
import type { Webhook } from './registry.ts';

/**
 * Sending a webhook: a JSON POST, signed, retried with backoff, every attempt logged. Nothing here
 * is awaited by a write: `send` returns at once and a failure only reaches the delivery log.
 *
 * The signature is `X-Policy-Graph-Signature: sha256=<hex>`, the HMAC-SHA256, keyed with the
 * registration's secret, of `<timestamp>.<body>`, where `X-Policy-Graph-Timestamp` is the Unix time
 * in seconds of the attempt: a receiver recomputes it and refuses an old timestamp (a replay).
 */
export const signatureHeader = 'x-policy-graph-signature';
export const timestampHeader = 'x-policy-graph-timestamp';
export const deliveryHeader = 'x-policy-graph-delivery';

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface SendOptions {
  /** The first retry waits this long, each next one twice as long. Default 1 s. */
  backoffMs?: number;
  /** Attempts in all, the first included. Default 6 (the last about 31 s after the first). */
  attempts?: number;
  /** One attempt's time limit. Default 5 s. */
  timeoutMs?: number;
}

/** Why an attempt was not made: the registering token was removed, or lost the `follow` scope. */
const revoked = 'not sent: the token that registered it is gone or may no longer follow';

export class WebhookSender {
  constructor(
    private readonly allow: readonly string[],
    readonly log: DeliveryLog,
    /** Whether the hook's token still exists and may follow; a hook whose token may not is not sent to. */
    private readonly active: (hook: Webhook) => boolean,
    private readonly options: SendOptions = {},
  ) {}

  /** Starts a delivery of `payload` to `hook` and returns at once. */
  send(hook: Webhook, event: string, payload: Record<string, unknown>): void {
    const delivery = randomUUID();
    const body = JSON.stringify({ delivery, webhook: hook.id, event, ...payload });
    this.start(hook, event, delivery, body, 1);
  }

  /** A failure of the log itself (a full disk) must not become an unhandled rejection. */
  private start(hook: Webhook, event: string, delivery: string, body: string, attempt: number): void {
    this.attempt(hook, event, delivery, body, attempt).catch(() => undefined);
  }

  private async attempt(hook: Webhook, event: string, delivery: string, body: string, attempt: number) {
    const { backoffMs = 1000, attempts = 6, timeoutMs = 5000 } = this.options;
    const at = new Date();
    let status: number | null = null;
    let error: string | null = null;
    try {
      if (!this.active(hook)) throw new Error(revoked);
      const url = new URL(hook.url);
      if (!(await mayDeliver(url, this.allow))) throw new Error('host not allowed (WEBHOOK_ALLOW)');
      const timestamp = String(Math.floor(at.getTime() / 1000));
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [signatureHeader]: signature(hook.secret, timestamp, body),
          [timestampHeader]: timestamp,
          [deliveryHeader]: delivery,
        },
        body,
        redirect: 'manual', // a redirect could lead past the address check
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
    } catch (caught) {
      error = (caught as Error).message.slice(0, 200);
    }
    const ok = status !== null && status >= 200 && status < 300;
    const final = error === revoked || error?.startsWith('host not allowed');
    const retry = !ok && attempt < attempts && !final;
    const wait = backoffMs * 2 ** (attempt - 1);
    if (retry) setTimeout(() => this.start(hook, event, delivery, body, attempt + 1), wait).unref();
    this.log.append({
      delivery,
      webhook: hook.id,
      event,
      attempt,
      at: at.toISOString(),
      status,
      ok,
      error,
      nextAttemptAt: retry ? new Date(Date.now() + wait).toISOString() : null,
    });
  }
}
