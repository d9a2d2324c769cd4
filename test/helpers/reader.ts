import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import { drain, listen } from '../../src/server.ts';
import type { App } from '../../src/yoga.ts';

/** Selects `words` in the reader as a curator's drag would, and lets go of the mouse. */
export async function select(page: Page, words: string): Promise<void> {
  await page.evaluate((words) => {
    const body = document.getElementById('reader-text') as HTMLElement;
    const at = (body.textContent ?? '').indexOf(words);
    if (at < 0) throw new Error(`the reader does not show “${words}”`);
    // The text is cut into text nodes and marks: find the node and offset of each end.
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const length = node.textContent?.length ?? 0;
      if (seen <= at && at < seen + length) range.setStart(node, at - seen);
      if (seen < at + words.length && at + words.length <= seen + length)
        range.setEnd(node, at + words.length - seen);
      seen += length;
    }
    body.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    getSelection()?.removeAllRanges();
    getSelection()?.addRange(range);
    // Let go outside the text, as a drag past the end of a line does.
    document.body.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  }, words);
}

export const chromiumPath = '/usr/bin/chromium';
/** Whether Debian's Chromium is here; on CI it must be (.ci/run installs it). */
export const chromiumAvailable = existsSync(chromiumPath);
if (!chromiumAvailable && process.env.CI) throw new Error(`${chromiumPath} is missing: .ci/run installs it`);

/** `app` listening on a free port, and a headless Chromium to drive it; `close` stops both. */
export async function browserSession(app: App) {
  const server = await listen(app, { port: 0 });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const close = async () => {
    await browser.close();
    if (server.listening) await drain(server, 500);
  };
  return { base, browser, close };
}

/** Opens the explorer at `base` and signs in with `token`, as the token named `name`. */
export async function signIn(page: Page, base: string, token: string, name: string): Promise<void> {
  await page.goto(base);
  await page.click('#sign-in');
  await page.fill('#sign-in-token', token);
  await page.click('#sign-in-form button[type="submit"]');
  await page.locator('#viewer', { hasText: `Signed in as ${name}` }).waitFor();
}
