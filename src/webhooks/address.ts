import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { userError } from '../errors.ts';

/**
 * Where a webhook may be sent: loopback addresses only, unless `WEBHOOK_ALLOW` names the host (or
 * is `*`). A registration is checked as it is made, and again before each delivery, against every
 * address its host resolves to, so a name that later points elsewhere is not followed there.
 */
const isLoopback = (address: string): boolean =>
  (isIP(address) === 4 && address.startsWith('127.')) || address === '::1' || /^::ffff:127\./i.test(address);

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** The URL, if it is http(s) and its host may be sent to; else BAD_USER_INPUT. */
export function checkWebhookUrl(text: string, allow: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw userError('BAD_USER_INPUT', 'url must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw userError('BAD_USER_INPUT', 'url must be an http or https URL');
  if (url.username || url.password) throw userError('BAD_USER_INPUT', 'url must not carry credentials');
  const host = hostOf(url);
  const allowed = allow.includes('*') || allow.includes(host) || host === 'localhost' || isLoopback(host);
  if (!allowed)
    throw userError(
      'BAD_USER_INPUT',
      `Webhooks go to loopback addresses only; ${host.slice(0, 100)} is not in WEBHOOK_ALLOW`,
    );
  return url;
}

/** Whether a delivery to `url` may go now: listed, or every address of its host is loopback. */
export async function mayDeliver(url: URL, allow: readonly string[]): Promise<boolean> {
  const host = hostOf(url);
  if (allow.includes('*') || allow.includes(host)) return true;
  if (isIP(host)) return isLoopback(host);
  const addresses = await lookup(host, { all: true }).catch(() => []);
  return addresses.length > 0 && addresses.every((entry) => isLoopback(entry.address));
}
